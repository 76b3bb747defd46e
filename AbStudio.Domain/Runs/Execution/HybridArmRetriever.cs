using System.Diagnostics;
using AbStudio.Domain.Retrieval;
using AbStudio.Domain.Retrieval.Fusion;

namespace AbStudio.Domain.Runs.Execution;

/// <summary>BM25 and vector rankings of the same arm, fused (RRF or weighted), each stage timed.</summary>
public sealed class HybridArmRetriever(LexicalArmRetriever lexical, VectorArmRetriever vector, FusionSettings fusion, int topN) : IArmRetriever
{
    public async Task<(RankedDocument[] Ranking, StageLatency Latency)> RetrieveAsync(string query, int depth, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var candidates = Math.Max(depth, topN);
        var (lexicalRanking, lexicalMs) = lexical.Search(query, candidates);
        var (vectorRanking, embedMs, vectorMs) = await vector.SearchAsync(query, candidates, cancellationToken);

        var fusionStarted = Stopwatch.GetTimestamp();
        var fused = RankFusion.Fuse(lexicalRanking, vectorRanking, fusion, depth);
        var fusionMs = Stopwatch.GetElapsedTime(fusionStarted).TotalMilliseconds;
        return (fused, new StageLatency(embedMs, lexicalMs + vectorMs, fusionMs, 0, Stopwatch.GetElapsedTime(started).TotalMilliseconds));
    }

    public void Dispose()
    {
        lexical.Dispose();
        vector.Dispose();
    }
}
