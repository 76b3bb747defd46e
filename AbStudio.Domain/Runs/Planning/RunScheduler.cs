using AbStudio.Domain.AbTests;
using AbStudio.Domain.Collections;
using AbStudio.Domain.Jobs;
using AbStudio.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AbStudio.Domain.Runs.Planning;

/// <summary>
/// Moves runs that wait for collections on: a run whose arms' collections are all ready is queued
/// (its <c>ExecuteRun</c> job written in the same transaction as the status change, so it is queued
/// exactly once however many workers look at it); a run with a failed or deleted collection fails,
/// naming the arm and the build's error. Workers call it on every dispatch pass, so a build that
/// finishes anywhere starts its runs at the next pass.
/// </summary>
public sealed class RunScheduler(IDbContextFactory<AbStudioDbContext> contexts, JobQueue queue, TimeProvider time)
{
    public const string ExecuteJobType = "ExecuteRun";

    /// <summary>Looks at every waiting run; returns the ids of those it queued.</summary>
    public async Task<IReadOnlyList<Guid>> PromoteWaitingRunsAsync(CancellationToken cancellationToken = default)
    {
        List<Guid> waiting;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            waiting = await db.Runs.Where(r => r.Status == RunStatus.Pending).OrderBy(r => r.CreatedAt).Select(r => r.Id).ToListAsync(cancellationToken);
        }

        var queued = new List<Guid>();
        foreach (var runId in waiting)
        {
            if (await PromoteAsync(runId, cancellationToken) == RunStatus.Queued)
            {
                queued.Add(runId);
            }
        }

        return queued;
    }

    /// <summary>Queues or fails one waiting run if its collections allow; returns its status afterwards.</summary>
    public async Task<RunStatus?> PromoteAsync(Guid runId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var run = await db.Runs.AsNoTracking().Where(r => r.Id == runId).Select(r => new { r.Status, r.TestId }).SingleOrDefaultAsync(cancellationToken);
        if (run is not { Status: RunStatus.Pending })
        {
            return run?.Status;
        }

        var arms = await db.Arms.AsNoTracking().Where(a => a.TestId == run.TestId && a.RetrievalMode != RetrievalMode.Lexical)
            .Select(a => new { a.Name, a.CollectionFingerprint, Status = a.Collection == null ? (CollectionStatus?)null : a.Collection.Status, Error = a.Collection == null ? null : a.Collection.Error })
            .ToListAsync(cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        var broken = arms.FirstOrDefault(a => a.Status is null or CollectionStatus.Failed);
        if (broken is not null)
        {
            var error = broken.Status is null
                ? $"Arm '{broken.Name}': its collection {broken.CollectionFingerprint?[..12]} was deleted before the run could start. Start the test again to rebuild it."
                : $"Arm '{broken.Name}': building its collection {broken.CollectionFingerprint?[..12]} failed: {broken.Error}";
            await using var failing = await db.Database.BeginTransactionAsync(cancellationToken);
            if (await Transition(db, runId, RunStatus.Pending, RunStatus.Failed, now, error, cancellationToken))
            {
                await SetTestStatusAsync(db, run.TestId, AbTestStatus.Failed, now, cancellationToken);
            }

            await failing.CommitAsync(cancellationToken);
            return RunStatus.Failed;
        }

        if (arms.Any(a => a.Status != CollectionStatus.Ready))
        {
            return RunStatus.Pending;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (await Transition(db, runId, RunStatus.Pending, RunStatus.Queued, now, null, cancellationToken))
        {
            queue.Enqueue(db, new JobRequest(ExecuteJobType, $$"""{"run":"{{runId}}"}""") { SubjectId = runId });
            await db.SaveChangesAsync(cancellationToken);
            await SetTestStatusAsync(db, run.TestId, AbTestStatus.Queued, now, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return RunStatus.Queued;
    }

    /// <summary>The run's job used up its attempts: the run and its test fail, keeping the error, until a user starts it again.</summary>
    public async Task FailAsync(Guid runId, string error, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(error);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var testId = await db.Runs.Where(r => r.Id == runId).Select(r => (Guid?)r.TestId).SingleOrDefaultAsync(cancellationToken);
        if (testId is null)
        {
            return;
        }

        var now = time.GetUtcNow().UtcDateTime;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        foreach (var from in new[] { RunStatus.Running, RunStatus.Queued })
        {
            if (await Transition(db, runId, from, RunStatus.Failed, now, error, cancellationToken))
            {
                await SetTestStatusAsync(db, testId.Value, AbTestStatus.Failed, now, cancellationToken);
            }
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Changes a run's status only from <paramref name="from"/>: of several workers, one wins.</summary>
    internal static async Task<bool> Transition(AbStudioDbContext db, Guid runId, RunStatus from, RunStatus to, DateTime now, string? error, CancellationToken cancellationToken)
    {
        var terminal = to is RunStatus.Completed or RunStatus.Failed or RunStatus.Cancelled;
        DateTime? completedAt = terminal ? now : null;
        return await db.Runs.Where(r => r.Id == runId && r.Status == from).ExecuteUpdateAsync(
            s =>
            {
                s.SetProperty(r => r.Status, to);
                if (terminal)
                {
                    s.SetProperty(r => r.CompletedAt, completedAt);
                }

                if (error is not null)
                {
                    s.SetProperty(r => r.Error, error.Length > 8000 ? error[..8000] : error);
                }
            },
            cancellationToken) == 1;
    }

    internal static Task SetTestStatusAsync(AbStudioDbContext db, Guid testId, AbTestStatus status, DateTime now, CancellationToken cancellationToken)
    {
        DateTime? completedAt = status is AbTestStatus.Completed or AbTestStatus.Failed or AbTestStatus.Cancelled ? now : null;
        return db.Tests.Where(t => t.Id == testId).ExecuteUpdateAsync(
            s => s.SetProperty(t => t.Status, status).SetProperty(t => t.UpdatedAt, now).SetProperty(t => t.CompletedAt, completedAt),
            cancellationToken);
    }
}
