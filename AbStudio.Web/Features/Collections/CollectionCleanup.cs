using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using AbStudio.Domain.AbTests;
using AbStudio.Domain.Collections;
using AbStudio.Domain.Governance;
using AbStudio.Domain.Persistence;
using AbStudio.Web.Api;
using AbStudio.Web.Observability;
using Coravel.Invocable;
using Microsoft.EntityFrameworkCore;

namespace AbStudio.Web.Features.Collections;

/// <summary>Where <see cref="CollectionCleanup"/>'s sweeper runs (<c>Cleanup:SweepInterval</c>).</summary>
public sealed class CollectionCleanupOptions
{
    public const string Section = "Cleanup";

    /// <summary>How often the TTL sweeper looks for expired collections: whole minutes, 1 to 59.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "00:59:00", ErrorMessage = "set whole minutes from {1} to {2}, e.g. 00:05:00.")]
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(5);
}

/// <summary>
/// A test's cleanup policy, applied: <c>on_complete</c> deletes its collections once its run
/// completes, <c>ttl</c> gives them a time to live that the sweeper enforces. Every deletion goes
/// through <see cref="CollectionsService.DeleteAsync"/> (so the vectors leave the store and its
/// in-use guard holds), is audited as done by <c>system</c>, and is counted by reason.
/// </summary>
public sealed partial class CollectionCleanup(
    IDbContextFactory<AbStudioDbContext> contexts,
    CollectionsService collections,
    AbStudioMetrics metrics,
    TimeProvider time,
    ILogger<CollectionCleanup> log)
{
    public const string Actor = "system";

    /// <summary>Applies the policy of the test whose run just completed. Returns the collections deleted.</summary>
    public async Task<IReadOnlyList<Guid>> RunCompletedAsync(Guid runId, CancellationToken cancellationToken = default)
    {
        AbTest? test;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            var testId = await db.Runs.Where(r => r.Id == runId).Select(r => (Guid?)r.TestId).SingleOrDefaultAsync(cancellationToken);
            test = testId is null ? null : await db.Tests.AsNoTracking().Include(t => t.Arms).SingleOrDefaultAsync(t => t.Id == testId, cancellationToken);
        }

        if (test is null)
        {
            return [];
        }

        var ids = CollectionsOf(test);
        switch (test.Cleanup)
        {
            case CleanupPolicy.Ttl when test.CollectionTtl is { } ttl:
                await SetTtlAsync(ids, ttl, cancellationToken);
                return [];
            case CleanupPolicy.OnComplete:
                var deleted = new List<Guid>();
                foreach (var id in ids)
                {
                    if (await NeededByOtherTestsAsync(id, test.Id, cancellationToken))
                    {
                        LogKept(log, id, test.Id);
                        continue;
                    }

                    if (await DeleteAsync(id, "on_complete", new { test = test.Name, testId = test.Id }, cancellationToken))
                    {
                        deleted.Add(id);
                    }
                }

                return deleted;
            default:
                return [];
        }
    }

    /// <summary>
    /// Deletes finished (ready, failed or cancelled) collections unused for longer than their TTL that no draft, queued,
    /// building or running test needs. Returns the collections deleted.
    /// </summary>
    public async Task<IReadOnlyList<Guid>> SweepAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow().UtcDateTime;
        List<(Guid Id, DateTime LastUsedAt, TimeSpan Ttl)> candidates;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            // DateTime + TimeSpan does not translate on every provider; the candidates are few.
            var rows = await db.Collections.AsNoTracking()
                .Where(c => c.Ttl != null && CollectionStatuses.Finished.Contains(c.Status))
                .Select(c => new { c.Id, c.LastUsedAt, c.Ttl })
                .ToListAsync(cancellationToken);
            candidates = [.. rows.Where(c => c.LastUsedAt + c.Ttl!.Value < now).Select(c => (c.Id, c.LastUsedAt, c.Ttl!.Value))];
        }

        var deleted = new List<Guid>();
        foreach (var (id, lastUsedAt, ttl) in candidates)
        {
            if (await NeededByOtherTestsAsync(id, exceptTestId: null, cancellationToken))
            {
                continue;
            }

            if (await DeleteAsync(id, "ttl", new { lastUsedAt, ttl = ttl.ToString() }, cancellationToken))
            {
                deleted.Add(id);
            }
        }

        return deleted;
    }

    private static List<Guid> CollectionsOf(AbTest test) =>
        [.. test.Arms.Where(a => a.CollectionId != null).Select(a => a.CollectionId!.Value).Distinct()];

    private async Task SetTtlAsync(List<Guid> ids, TimeSpan ttl, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        var rows = await db.Collections.Where(c => ids.Contains(c.Id)).ToListAsync(cancellationToken);
        foreach (var collection in rows)
        {
            // The longest TTL any test asked for wins; the run that just completed used them.
            if (collection.Ttl is null || collection.Ttl < ttl)
            {
                collection.Ttl = ttl;
            }

            if (collection.LastUsedAt < now)
            {
                collection.LastUsedAt = now;
            }
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task<bool> NeededByOtherTestsAsync(Guid collectionId, Guid? exceptTestId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var fingerprint = await db.Collections.Where(c => c.Id == collectionId).Select(c => c.Fingerprint).SingleOrDefaultAsync(cancellationToken);
        if (fingerprint is null)
        {
            return false;
        }

        return await db.Arms.AnyAsync(
            a => (a.CollectionId == collectionId || a.CollectionFingerprint == fingerprint)
                && a.TestId != exceptTestId
                && AbTestStatuses.NeedsCollections.Contains(a.Test!.Status),
            cancellationToken);
    }

    private async Task<bool> DeleteAsync(Guid id, string reason, object details, CancellationToken cancellationToken)
    {
        string? fingerprint;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            fingerprint = await db.Collections.Where(c => c.Id == id).Select(c => c.Fingerprint).SingleOrDefaultAsync(cancellationToken);
        }

        var result = await collections.DeleteAsync(Features.Accounts.Actor.Host, id, cancellationToken);
        if (result.Outcome != DeletionOutcome.Deleted)
        {
            LogNotDeleted(log, id, reason, result.Outcome, result.Reason);
            return false;
        }

        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            db.AuditEvents.Add(new AuditEvent
            {
                Actor = Actor,
                Action = "delete",
                EntityType = "collection",
                EntityId = id.ToString(),
                At = time.GetUtcNow().UtcDateTime,
                DetailsJson = JsonSerializer.Serialize(new { reason, fingerprint, details }),
            });
            await db.SaveChangesAsync(cancellationToken);
        }

        metrics.CollectionDeleted(reason);
        LogDeleted(log, id, reason);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Collection {CollectionId} deleted ({Reason})")]
    private static partial void LogDeleted(ILogger logger, Guid collectionId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Collection {CollectionId} kept: another test still needs it (test {TestId} completed with on_complete)")]
    private static partial void LogKept(ILogger logger, Guid collectionId, Guid testId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Collection {CollectionId} not deleted ({Reason}): {Outcome} {Why}")]
    private static partial void LogNotDeleted(ILogger logger, Guid collectionId, string reason, DeletionOutcome outcome, string? why);
}

/// <summary>Coravel's part: the TTL sweep on a schedule (<c>Cleanup:SweepInterval</c>).</summary>
public sealed class SweepExpiredCollectionsInvocable(CollectionCleanup cleanup) : IInvocable
{
    public Task Invoke() => cleanup.SweepAsync();
}
