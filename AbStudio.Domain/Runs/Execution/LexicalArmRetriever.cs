using System.Diagnostics;
using AbStudio.Domain.Chunking;
using AbStudio.Domain.Retrieval;
using AbStudio.Domain.Retrieval.Lexical;

namespace AbStudio.Domain.Runs.Execution;

/// <summary>BM25 over the arm's chunks, chunk hits aggregated to documents (max per document).</summary>
public sealed class LexicalArmRetriever : IArmRetriever
{
    private readonly Bm25Index _index;
    private readonly string[] _documentOfChunk;
    private readonly int _topN;

    public LexicalArmRetriever(IReadOnlyList<Chunk> chunks, EnglishTextAnalyzer analyzer, Bm25Parameters parameters, int topN)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        _index = Bm25Index.Build(chunks.Select(c => c.Text).ToList(), analyzer, parameters);
        _documentOfChunk = [.. chunks.Select(c => c.DocumentId)];
        _topN = topN;
    }

    public Task<(RankedDocument[] Ranking, StageLatency Latency)> RetrieveAsync(string query, int depth, CancellationToken cancellationToken)
    {
        var (ranking, searchMs) = Search(query, depth);
        return Task.FromResult((ranking, new StageLatency(0, searchMs, 0, 0, searchMs)));
    }

    /// <summary>The ranking and the milliseconds it took, for hybrid arms that time the stages themselves.</summary>
    internal (RankedDocument[] Ranking, double Milliseconds) Search(string query, int depth)
    {
        var started = Stopwatch.GetTimestamp();
        var hits = _index.Search(query, Math.Max(depth, _topN));
        var ranking = DocumentAggregation.MaxPerDocument(hits, i => _documentOfChunk[i], depth);
        return (ranking, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    public void Dispose()
    {
        // The index lives on the managed heap; nothing to release.
    }
}
