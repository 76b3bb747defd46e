using System.Diagnostics;
using AbStudio.Domain.Retrieval;
using AbStudio.Domain.Retrieval.Reranking;

namespace AbStudio.Domain.Runs.Execution;

/// <summary>Any arm with a reranker over its first <c>topN</c> documents; the rest stay below, in order.</summary>
public sealed class RerankingArmRetriever(IArmRetriever inner, IReranker reranker, int topN, Func<string, string> textOfDocument) : IArmRetriever
{
    public async Task<(RankedDocument[] Ranking, StageLatency Latency)> RetrieveAsync(string query, int depth, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var (ranking, latency) = await inner.RetrieveAsync(query, Math.Max(depth, topN), cancellationToken);

        var rerankStarted = Stopwatch.GetTimestamp();
        var count = Math.Min(topN, ranking.Length);
        var candidates = ranking.Take(count).Select(d => new RerankCandidate(d.DocumentId, d.Score, textOfDocument(d.DocumentId))).ToList();
        var scores = count == 0 ? [] : await reranker.ScoreAsync(query, candidates, cancellationToken);
        var merged = RerankMerge.Merge(ranking, count, scores);
        var rerankMs = Stopwatch.GetElapsedTime(rerankStarted).TotalMilliseconds;
        return (merged.Take(depth).ToArray(), latency with { RerankMs = rerankMs, TotalMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds });
    }

    public void Dispose()
    {
        inner.Dispose();
        reranker.Dispose();
    }
}
