using System.Diagnostics;
using System.Text;
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

/// <summary>A collection on disk, ready to search: its folder, chunk-to-document map and build facts.</summary>
public sealed record CollectionOnDisk(string Directory, string Fingerprint, IReadOnlyList<string> DocumentOfChunk, int Dimensions, bool Reused, int EmptyChunks, TimeSpan BuildDuration)
{
    /// <summary>Chunks embedded by this call: none when reused, only the rest when it resumed an interrupted build.</summary>
    public long ChunksEmbedded { get; init; }
}

/// <summary>
/// Builds a vector collection into <c>COLLECTIONS/&lt;fingerprint&gt;/</c>: the chunk map
/// (<c>chunks.tsv</c>: ordinal, document id, offset, length), the vectors (<c>vectors.f32</c>,
/// appended batch by batch) and last a manifest (<c>collection.json</c>) that marks it complete.
/// A complete collection with the same fingerprint is reused when asked; an interrupted build
/// continues from the rows already stored instead of starting again.
/// </summary>
public sealed class VectorCollectionBuilder(string collectionsDirectory, int batchSize = 64)
{
    public const string ManifestFileName = "collection.json";
    public const string ChunkMapFileName = "chunks.tsv";

    private static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(5);

    public async Task<CollectionOnDisk> BuildAsync(
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
        var directory = Path.Combine(collectionsDirectory, fingerprint);
        var documentOfChunk = chunks.Select(c => c.DocumentId).ToArray();
        if (reuseExisting && File.Exists(Path.Combine(directory, ManifestFileName)) && File.Exists(Path.Combine(directory, VectorFileFormat.FileName)))
        {
            progress?.Report(new BuildProgress(chunks.Count, chunks.Count, 0, $"collection {fingerprint[..12]} is ready: reused"));
            return new CollectionOnDisk(directory, fingerprint, ReadChunkMap(directory, chunks.Count), specification.Dimensions, Reused: true, EmptyChunks: 0, TimeSpan.Zero);
        }

        Directory.CreateDirectory(directory);
        File.Delete(Path.Combine(directory, ManifestFileName));
        await WriteChunkMapAsync(directory, chunks, cancellationToken);

        var started = Stopwatch.GetTimestamp();
        var resumeAt = RowsAlreadyStored(directory, specification.Dimensions);
        if (resumeAt > 0)
        {
            progress?.Report(new BuildProgress(resumeAt, chunks.Count, 0, $"collection {fingerprint[..12]}: resuming at chunk {resumeAt} of {chunks.Count}"));
        }

        var empty = 0;
        var lastReport = Stopwatch.GetTimestamp();
        var options = EmbeddingPurposeOptions.For(EmbeddingPurpose.Document);
        using (var writer = VectorFileWriter.Open(directory, specification.Dimensions, resumeAt))
        {
            var batch = new float[batchSize * specification.Dimensions];
            for (var first = (int)resumeAt; first < chunks.Count; first += batchSize)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var count = Math.Min(batchSize, chunks.Count - first);
                var embeddings = await generator.GenerateAsync(chunks.Skip(first).Take(count).Select(c => c.Text), options, cancellationToken);
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

                writer.AppendBatch(batch.AsSpan(0, count * specification.Dimensions));
                if (Stopwatch.GetElapsedTime(lastReport) > ProgressInterval)
                {
                    var done = first + count;
                    var rate = (done - resumeAt) / Stopwatch.GetElapsedTime(started).TotalSeconds;
                    progress?.Report(new BuildProgress(done, chunks.Count, rate,
                        $"collection {fingerprint[..12]}: {done} of {chunks.Count} chunks embedded, {rate:F0}/s, about {(chunks.Count - done) / Math.Max(rate, 0.001):F0} s left"));
                    lastReport = Stopwatch.GetTimestamp();
                }
            }

            writer.Complete();
        }

        var duration = Stopwatch.GetElapsedTime(started);
        await File.WriteAllTextAsync(Path.Combine(directory, ManifestFileName), Manifest(specification, chunks.Count, empty, duration), cancellationToken);
        progress?.Report(new BuildProgress(chunks.Count, chunks.Count, chunks.Count / Math.Max(duration.TotalSeconds, 0.001),
            $"collection {fingerprint[..12]}: {chunks.Count} chunks in {duration.TotalSeconds:F1} s ({empty} empty)"));
        return new CollectionOnDisk(directory, fingerprint, documentOfChunk, specification.Dimensions, Reused: false, empty, duration)
        {
            ChunksEmbedded = chunks.Count - resumeAt,
        };
    }

    private static long RowsAlreadyStored(string directory, int dimensions) =>
        VectorFileFormat.ReadRowsStored(Path.Combine(directory, VectorFileFormat.PartialFileName)) is { } stored && stored.Dimensions == dimensions
            ? stored.Rows
            : 0;

    private static async Task WriteChunkMapAsync(string directory, IReadOnlyList<Chunk> chunks, CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        foreach (var chunk in chunks)
        {
            text.Append(chunk.Ordinal).Append('\t').Append(chunk.DocumentId).Append('\t').Append(chunk.Start).Append('\t').Append(chunk.Length).Append('\n');
        }

        var temporary = Path.Combine(directory, ChunkMapFileName + ".partial");
        await File.WriteAllTextAsync(temporary, text.ToString(), cancellationToken);
        File.Move(temporary, Path.Combine(directory, ChunkMapFileName), overwrite: true);
    }

    private static string[] ReadChunkMap(string directory, int expected)
    {
        var map = File.ReadLines(Path.Combine(directory, ChunkMapFileName)).Select(line => line.Split('\t')[1]).ToArray();
        return map.Length == expected
            ? map
            : throw new InvalidDataException($"{directory} maps {map.Length} chunks, but the corpus has {expected} with these settings. Delete the folder to rebuild it.");
    }

    private static string Manifest(CollectionSpecification specification, int chunks, int empty, TimeSpan duration) =>
        $$"""
        {"specification":{{CollectionFingerprint.CanonicalJson(specification)}},"chunks":{{chunks}},"empty_chunks":{{empty}},"build_seconds":{{duration.TotalSeconds.ToString("F3", System.Globalization.CultureInfo.InvariantCulture)}}}
        """;
}
