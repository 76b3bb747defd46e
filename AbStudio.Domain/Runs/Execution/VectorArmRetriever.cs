using System.Diagnostics;
using AbStudio.Domain.Collections.Storage;
using AbStudio.Domain.Embeddings;
using AbStudio.Domain.Retrieval;
using Microsoft.Extensions.AI;

namespace AbStudio.Domain.Runs.Execution;

/// <summary>
/// Embeds the query, searches the collection <paramref name="fingerprint"/> in the vector store
/// (exact over a mapped file, or SQL on pgvector), and aggregates chunk hits to documents (max per
/// document). Row i of the collection is chunk i, whose document is <paramref name="documentOfChunk"/>[i].
/// Owns the generator; the store is shared.
/// </summary>
public sealed class VectorArmRetriever(
    IEmbeddingGenerator<string, Embedding<float>> generator,
    IVectorStore store,
    string fingerprint,
    int dimensions,
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
        if (embedding.Vector.Length != dimensions)
        {
            throw new InvalidDataException($"The query embedding has {embedding.Vector.Length} dimensions; collection {fingerprint[..12]} has {dimensions}.");
        }

        // The search time includes the store's round trip (PostgreSQL) or lock and mapping (file): what a query really waits for.
        started = Stopwatch.GetTimestamp();
        var hits = (await store.SearchAsync(fingerprint, embedding.Vector, dimensions, Math.Max(depth, topN), cancellationToken))[0];
        var ranking = DocumentAggregation.MaxPerDocument(hits, i => documentOfChunk[i], depth);
        return (ranking, embedMs, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    public void Dispose() => generator.Dispose();
}
