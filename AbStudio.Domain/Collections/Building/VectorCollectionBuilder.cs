using System.Diagnostics;
using AbStudio.Domain.Chunking;
using AbStudio.Domain.Collections.Storage;
using AbStudio.Domain.Embeddings;
using Microsoft.Extensions.AI;

namespace AbStudio.Domain.Collections.Building;

/// <summary>Where a build stands: chunks embedded and stored out of all, rate, and a line for people.</summary>
public sealed record BuildProgress(long Done, long Total, double RatePerSecond, string Message)
{
    public double? EtaSeconds => RatePerSecond > 0 ? (Total - Done) / RatePerSecond : null;
}

/// <summary>A collection in the vector store, ready to search: its fingerprint, chunk-to-document map and build facts.</summary>
public sealed record CollectionInStore(string Fingerprint, IReadOnlyList<string> DocumentOfChunk, int Dimensions, bool Reused, int EmptyChunks, TimeSpan BuildDuration)
{
    /// <summary>Chunks embedded by this call: none when reused, only the rest when it resumed an interrupted build.</summary>
    public long ChunksEmbedded { get; init; }

    /// <summary>Calls to the embedding provider made by this call (one per batch; a provider's own retries are inside one call).</summary>
    public long EmbeddingCalls { get; init; }

    /// <summary>Input tokens the provider reported for those calls (0 when it reports none, as local models do).</summary>
    public long EmbeddedTokens { get; init; }
}

/// <summary>
/// Embeds a corpus's chunks into a collection of the vector store, batch by batch: each stored batch
/// is the checkpoint, so an interrupted build continues from the rows the store holds instead of
/// starting again. A complete collection with the same fingerprint is reused when asked. Row i is
/// chunk i: chunking is deterministic, so searchers map rows to documents from the chunks
/// themselves and the store keeps vectors only.
/// </summary>
public sealed class VectorCollectionBuilder(IVectorStore store, int batchSize = 64)
{
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(5);

    public async Task<CollectionInStore> BuildAsync(
        CollectionSpecification specification,
        IReadOnlyList<Chunk> chunks,
        IEmbeddingGenerator<string, Embedding<float>> generator,
        bool reuseExisting,
        IProgress<BuildProgress>? progress,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(specification);
        ArgumentNullException.ThrowIfNull(chunks);
        ArgumentNullException.ThrowIfNull(generator);
        var fingerprint = CollectionFingerprint.Compute(specification);
        var documentOfChunk = chunks.Select(c => c.DocumentId).ToArray();
        if (await store.DescribeAsync(fingerprint, cancellationToken) is { Complete: true } stored)
        {
            if (reuseExisting)
            {
                if (stored.Rows != chunks.Count)
                {
                    throw OtherChunks(fingerprint, stored.Rows, chunks.Count);
                }

                progress?.Report(new BuildProgress(chunks.Count, chunks.Count, 0, $"collection {fingerprint[..12]} is ready: reused"));
                return new CollectionInStore(fingerprint, documentOfChunk, specification.Dimensions, Reused: true, EmptyChunks: 0, TimeSpan.Zero);
            }

            await store.DeleteAsync(fingerprint, cancellationToken);
        }

        var started = Stopwatch.GetTimestamp();
        await store.CreateAsync(fingerprint, specification.Dimensions, specification.IndexKind, cancellationToken);
        var resumeAt = await store.RowsStoredAsync(fingerprint, cancellationToken);
        if (resumeAt > chunks.Count)
        {
            throw OtherChunks(fingerprint, resumeAt, chunks.Count);
        }

        if (resumeAt > 0)
        {
            progress?.Report(new BuildProgress(resumeAt, chunks.Count, 0, $"collection {fingerprint[..12]}: resuming at chunk {resumeAt} of {chunks.Count}"));
        }

        var empty = 0;
        long calls = 0, tokens = 0;
        var lastReport = Stopwatch.GetTimestamp();
        var options = EmbeddingPurposeOptions.For(EmbeddingPurpose.Document);
        var batch = new float[batchSize * specification.Dimensions];
        for (var first = (int)resumeAt; first < chunks.Count; first += batchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var count = Math.Min(batchSize, chunks.Count - first);
            var embeddings = await generator.GenerateAsync(chunks.Skip(first).Take(count).Select(c => c.Text), options, cancellationToken);
            calls++;
            tokens += embeddings.Usage?.InputTokenCount ?? embeddings.Usage?.TotalTokenCount ?? 0;
            for (var i = 0; i < count; i++)
            {
                var vector = embeddings[i].Vector.Span;
                if (vector.Length != specification.Dimensions)
                {
                    throw new InvalidDataException($"{specification.Provider} returned {vector.Length} dimensions for chunk {first + i}; the collection has {specification.Dimensions}.");
                }

                empty += embeddings[i].IsEmpty() ? 1 : 0;
                vector.CopyTo(batch.AsSpan(i * specification.Dimensions));
            }

            await store.AppendAsync(fingerprint, batch.AsMemory(0, count * specification.Dimensions), specification.Dimensions, cancellationToken);
            if (Stopwatch.GetElapsedTime(lastReport) > ProgressInterval)
            {
                var done = first + count;
                var rate = (done - resumeAt) / Stopwatch.GetElapsedTime(started).TotalSeconds;
                progress?.Report(new BuildProgress(done, chunks.Count, rate,
                    $"collection {fingerprint[..12]}: {done} of {chunks.Count} chunks embedded, {rate:F0}/s, about {(chunks.Count - done) / Math.Max(rate, 0.001):F0} s left"));
                lastReport = Stopwatch.GetTimestamp();
            }
        }

        await store.CompleteAsync(fingerprint, cancellationToken);
        var duration = Stopwatch.GetElapsedTime(started);
        progress?.Report(new BuildProgress(chunks.Count, chunks.Count, chunks.Count / Math.Max(duration.TotalSeconds, 0.001),
            $"collection {fingerprint[..12]}: {chunks.Count} chunks in {duration.TotalSeconds:F1} s ({empty} empty)"));
        return new CollectionInStore(fingerprint, documentOfChunk, specification.Dimensions, Reused: false, empty, duration)
        {
            ChunksEmbedded = chunks.Count - resumeAt,
            EmbeddingCalls = calls,
            EmbeddedTokens = tokens,
        };
    }

    /// <summary>Row i is chunk i: a collection holding other rows than the chunks was built from another chunking.</summary>
    private static InvalidDataException OtherChunks(string fingerprint, long rows, int chunks) =>
        new($"Collection {fingerprint[..12]} holds {rows} vectors, but the corpus has {chunks} chunks with these settings. Delete the collection to build it again.");
}
