using System.Text.Json;
using AbStudio.Domain.Collections;

namespace AbStudio.Web.Features.Collections;

/// <summary>A collection in a list: its configuration in brief and how far its build is.</summary>
public sealed record CollectionSummary(
    Guid Id, string Fingerprint, Guid DatasetId, string Provider, string? Model, int Dimensions, CollectionStatus Status,
    CollectionProgressView Progress, DateTime CreatedAt, DateTime? ReadyAt);

/// <summary>A collection with its full configuration (as a JSON object), build statistics and last error.</summary>
public sealed record CollectionDetail(
    Guid Id,
    string Fingerprint,
    Guid DatasetId,
    JsonElement Configuration,
    CollectionStatus Status,
    CollectionProgressView Progress,
    CollectionStats Stats,
    string? Error,
    DateTime CreatedAt,
    DateTime? StartedAt,
    DateTime? ReadyAt,
    DateTime LastUsedAt,
    double? TtlSeconds);

/// <summary>Chunks embedded and stored so far out of the total (0 while the corpus is still being chunked).</summary>
public sealed record CollectionProgressView(long ChunksDone, long ChunksTotal, double Percent, int CheckpointBatches);

/// <summary>What a build produced and cost.</summary>
public sealed record CollectionStats(
    string Provider, string? Model, string? ModelRevision, int Dimensions, string IndexKind,
    long SizeBytes, long EmbeddingCalls, long EmbeddedTokens, double? BuildSeconds);

internal static class CollectionViews
{
    public static CollectionProgressView Progress(long done, long total, int checkpoints) =>
        new(done, total, total > 0 ? Math.Round(100.0 * done / total, 1) : 0, checkpoints);

    public static CollectionDetail Detail(Collection c)
    {
        using var configuration = JsonDocument.Parse(c.ConfigurationJson);
        return new CollectionDetail(
            c.Id, c.Fingerprint, c.DatasetId, configuration.RootElement.Clone(), c.Status,
            Progress(c.ChunksDone, c.ChunksTotal, c.CheckpointBatches),
            new CollectionStats(c.Provider, c.Model, c.ModelRevision, c.Dimensions, c.IndexKind, c.SizeBytes, c.EmbeddingCalls, c.EmbeddedTokens, c.BuildDuration?.TotalSeconds),
            c.Error, c.CreatedAt, c.StartedAt, c.ReadyAt, c.LastUsedAt, c.Ttl?.TotalSeconds);
    }
}
