using System.Diagnostics;
using AbStudio.Domain.Chunking;
using AbStudio.Domain.Collections.Storage;
using AbStudio.Domain.Embeddings;
using AbStudio.Domain.Lifecycle;
using AbStudio.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AbStudio.Domain.Collections.Building;

/// <summary>A collection's state and progress as watchers see it.</summary>
public sealed record CollectionProgress(Guid CollectionId, CollectionStatus Status, long Done, long Total, double? RatePerSecond, double? EtaSeconds, string? Message);

/// <summary>What one build call did: nothing (the collection was ready already), or built it, embedding this many chunks.</summary>
public sealed record CollectionBuildResult(bool WasAlreadyReady, long ChunksEmbedded)
{
    public static readonly CollectionBuildResult AlreadyReady = new(true, 0);
}

/// <summary>
/// Builds one planned collection (a <c>BuildCollection</c> job's work): <c>pending → building →
/// ready</c>, progress persisted at most every <see cref="PersistInterval"/> and at the end, so a
/// restarted host shows where a build stood and resumes from the rows already stored. Idempotent:
/// a ready collection is left alone. Failure handling (retries, <c>failed</c>) belongs to the job.
/// </summary>
public sealed class CollectionBuildService(
    IDbContextFactory<AbStudioDbContext> contexts,
    Func<CollectionSpecification, EmbeddingProvider> providers,
    IVectorStore store,
    TimeProvider time)
{
    public static readonly TimeSpan PersistInterval = TimeSpan.FromSeconds(2);

    public async Task<CollectionBuildResult> BuildAsync(Guid collectionId, IProgress<CollectionProgress>? watchers, CancellationToken cancellationToken)
    {
        var specification = await StartAsync(collectionId, cancellationToken);
        if (specification is null)
        {
            return CollectionBuildResult.AlreadyReady;
        }

        var chunks = await ChunkCorpusAsync(collectionId, specification.Chunking, cancellationToken);
        await UpdateAsync(collectionId, c => c.ChunksTotal = chunks.Count, cancellationToken);
        watchers?.Report(new CollectionProgress(collectionId, CollectionStatus.Building, 0, chunks.Count, null, null, "building"));

        using var provider = providers(specification);
        if (provider.Model.Revision != specification.ModelRevision)
        {
            throw new InvalidOperationException(
                $"{specification.Provider} now reports model revision {provider.Model.Revision}, but this collection was planned for {specification.ModelRevision}: plan it again (drift).");
        }

        var started = Stopwatch.GetTimestamp();
        var persisted = new PersistedProgress(this, collectionId, watchers);
        var built = await new VectorCollectionBuilder(store)
            .BuildAsync(specification, chunks, provider, reuseExisting: true, persisted, cancellationToken);
        await persisted.FlushAsync(cancellationToken);

        var stored = await store.DescribeAsync(built.Fingerprint, cancellationToken)
            ?? throw new InvalidOperationException($"Collection {built.Fingerprint[..12]} vanished from the vector store as its build completed (deleted meanwhile?).");
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            var now = time.GetUtcNow().UtcDateTime;
            long total = chunks.Count, size = stored.SizeBytes, calls = built.EmbeddingCalls, tokens = built.EmbeddedTokens;
            TimeSpan? duration = Stopwatch.GetElapsedTime(started);
            DateTime? readyAt = now;
            var finished = await StatusMoves.CollectionAsync(db, collectionId, CollectionEvent.FinishBuild, now, cancellationToken, alsoSet: s =>
            {
                s.SetProperty(c => c.ChunksDone, total);
                s.SetProperty(c => c.SizeBytes, size);

                // The attempt that finished adds its calls; an interrupted attempt's calls are lost with it.
                s.SetProperty(c => c.EmbeddingCalls, c => c.EmbeddingCalls + calls);
                s.SetProperty(c => c.EmbeddedTokens, c => c.EmbeddedTokens + tokens);
                s.SetProperty(c => c.BuildDuration, duration);
                s.SetProperty(c => c.ReadyAt, readyAt);
            });
            if (!finished.Applied)
            {
                throw new InvalidOperationException($"Collection {collectionId} could not be marked ready: {finished.Refusal}");
            }
        }

        watchers?.Report(new CollectionProgress(collectionId, CollectionStatus.Ready, chunks.Count, chunks.Count, null, 0, $"ready: {chunks.Count} chunks"));
        return new CollectionBuildResult(false, built.ChunksEmbedded);
    }

    /// <summary>Marks the collection building (or resumes it); null when it is already ready (nothing to do).</summary>
    private async Task<CollectionSpecification?> StartAsync(Guid collectionId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var begun = await StatusMoves.CollectionAsync(db, collectionId, CollectionEvent.BeginBuild, time.GetUtcNow().UtcDateTime, cancellationToken);
        if (begun is { Applied: false, From: CollectionStatus.Ready })
        {
            return null;
        }

        if (!begun.Applied)
        {
            throw new InvalidOperationException(begun.From is null
                ? $"Collection {collectionId} no longer exists (deleted while its build was queued)."
                : $"Collection {collectionId} cannot be built now: {begun.Refusal}");
        }

        var configuration = await db.Collections.Where(c => c.Id == collectionId).Select(c => c.ConfigurationJson).SingleAsync(cancellationToken);
        return CollectionSpecification.FromCanonicalJson(configuration);
    }

    private async Task<List<Chunk>> ChunkCorpusAsync(Guid collectionId, ChunkingSettings settings, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var datasetId = await db.Collections.Where(c => c.Id == collectionId).Select(c => c.DatasetId).SingleAsync(cancellationToken);
        var chunks = new List<Chunk>();
        await foreach (var document in db.Documents.AsNoTracking().Where(d => d.DatasetId == datasetId).OrderBy(d => d.Id)
            .Select(d => new { d.ExternalId, d.Title, d.Text }).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            chunks.AddRange(Chunker.Split(document.ExternalId, Datasets.Document.SearchableText(document.Title, document.Text), settings));
        }

        return chunks;
    }

    private async Task UpdateAsync(Guid collectionId, Action<Collection> change, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var collection = await db.Collections.SingleAsync(c => c.Id == collectionId, cancellationToken);
        change(collection);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Writes progress to the row every few seconds and passes every report on to watchers.</summary>
    private sealed class PersistedProgress(CollectionBuildService service, Guid collectionId, IProgress<CollectionProgress>? watchers) : IProgress<BuildProgress>
    {
        private long _lastPersisted = Stopwatch.GetTimestamp();
        private BuildProgress? _latest;
        private Task _pending = Task.CompletedTask;

        public void Report(BuildProgress value)
        {
            _latest = value;
            watchers?.Report(new CollectionProgress(collectionId, CollectionStatus.Building, value.Done, value.Total, value.RatePerSecond, value.EtaSeconds, value.Message));
            if (Stopwatch.GetElapsedTime(_lastPersisted) >= PersistInterval && _pending.IsCompleted)
            {
                _lastPersisted = Stopwatch.GetTimestamp();
                _pending = service.UpdateAsync(collectionId, c => c.ChunksDone = value.Done, CancellationToken.None);
            }
        }

        public async Task FlushAsync(CancellationToken cancellationToken)
        {
            await _pending;
            if (_latest is { } last)
            {
                await service.UpdateAsync(collectionId, c => c.ChunksDone = last.Done, cancellationToken);
            }
        }
    }
}
