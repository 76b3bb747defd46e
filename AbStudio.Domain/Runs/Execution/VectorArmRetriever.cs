using System.Diagnostics;
using AbStudio.Domain.Collections.Storage;
using AbStudio.Domain.Embeddings;
using AbStudio.Domain.Retrieval;
using AbStudio.Domain.Retrieval.Vector;
using Microsoft.Extensions.AI;

namespace AbStudio.Domain.Runs.Execution;

/// <summary>
/// Embeds the query, searches the collection's vectors exactly, and aggregates chunk hits to
/// documents (max per document). Owns the memory-mapped vector file and the generator.
/// </summary>
public sealed class VectorArmRetriever(
    IEmbeddingGenerator<string, Embedding<float>> generator,
    VectorFile vectors,
    IReadOnlyList<string> documentOfChunk,
    int topN) : IArmRetriever
{
    private static readonly EmbeddingGenerationOptions QueryPurpose = EmbeddingPurposeOptions.For(EmbeddingPurpose.Query);

    public async Task<(RankedDocument[] Ranking, StageLatency Latency)> RetrieveAsync(string query, int depth, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var (ranking, embedMs, searchMs) = await SearchAsync(query, depth, cancellationToken);
        return (ranking, new StageLatency(embedMs, searchMs, 0, 0, Stopwatch.GetElapsedTime(started).TotalMilliseconds));
    }

    /// <summary>The ranking with the time spent embedding and searching, for hybrid arms.</summary>
    internal async Task<(RankedDocument[] Ranking, double EmbedMs, double SearchMs)> SearchAsync(string query, int depth, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var embedding = (await generator.GenerateAsync([query], QueryPurpose, cancellationToken))[0];
        var embedMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;

        started = Stopwatch.GetTimestamp();
        var hits = ExactVectorSearch.Search(vectors.Matrix, vectors.Dimensions, embedding.Vector.Span, Math.Max(depth, topN))[0];
        var ranking = DocumentAggregation.MaxPerDocument(hits, i => documentOfChunk[i], depth);
        return (ranking, embedMs, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    public void Dispose()
    {
        vectors.Dispose();
        generator.Dispose();
    }
}
