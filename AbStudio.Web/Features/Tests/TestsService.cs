using AbStudio.Domain.AbTests;
using AbStudio.Domain.AbTests.Definitions;
using AbStudio.Domain.Collections.Planning;
using AbStudio.Domain.Jobs;
using AbStudio.Domain.Persistence;
using AbStudio.Domain.Runs;
using AbStudio.Domain.Runs.Planning;
using AbStudio.Web.Jobs;
using AbStudio.Web.Realtime;
using Microsoft.EntityFrameworkCore;

namespace AbStudio.Web.Features.Tests;

/// <summary>The A/B test use cases behind the console, the API and the <c>eval</c> verb: create, start, cancel.</summary>
public sealed class TestsService(
    IDbContextFactory<AbStudioDbContext> contexts,
    RunPlanner planner,
    JobQueue queue,
    StatusNotifier notifier,
    DispatchNudge dispatch,
    TimeProvider time)
{
    /// <summary>Stores a checked definition as a test (status draft) on an imported dataset.</summary>
    public async Task<AbTest> CreateAsync(TestDefinition definition, string definitionJson, Guid datasetId, string? createdBy, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(definition);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (!await db.Datasets.AnyAsync(d => d.Id == datasetId, cancellationToken))
        {
            throw new RunStartException($"Dataset {datasetId} does not exist; import it first or give another dataset.id.");
        }

        var test = TestDefinitionMapper.ToTest(definition, definitionJson, datasetId, createdBy, time.GetUtcNow().UtcDateTime);
        db.Tests.Add(test);
        await db.SaveChangesAsync(cancellationToken);
        return test;
    }

    /// <summary>
    /// Starts a run of the test: plans every arm's collection (builds are queued, ready ones
    /// reused) and queues the run once they are ready. Watchers see each new build as pending.
    /// </summary>
    public async Task<RunStart> StartAsync(Guid testId, CancellationToken cancellationToken = default)
    {
        var start = await planner.StartAsync(testId, cancellationToken);
        foreach (var (_, plan) in start.Arms)
        {
            if (plan is { Outcome: CollectionPlanOutcome.Building or CollectionPlanOutcome.Rebuilding })
            {
                notifier.Publish(new StatusUpdate("collection", plan.CollectionId, "pending", 0, 0, Message: plan.Reason));
            }
        }

        var status = start.Status.ToString().ToLowerInvariant();
        notifier.Publish(new StatusUpdate("run", start.RunId, status, 0, 0));
        notifier.Publish(new StatusUpdate("test", testId, status, 0, 0, Message: start.Status == RunStatus.Queued ? "queued" : "waiting for collections"));

        // The jobs are in the table already; this only saves the wait for the dispatcher's next poll.
        dispatch.Nudge();
        return start;
    }

    /// <summary>Cancels the test's run in progress: at once when it waits, through its job's token when it runs.</summary>
    public async Task<bool> CancelAsync(Guid testId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var run = await db.Runs.Where(r => r.TestId == testId && (r.Status == RunStatus.Pending || r.Status == RunStatus.Queued || r.Status == RunStatus.Running))
            .OrderByDescending(r => r.CreatedAt).FirstOrDefaultAsync(cancellationToken);
        if (run is null)
        {
            return false;
        }

        var now = time.GetUtcNow().UtcDateTime;
        run.Status = RunStatus.Cancelled;
        run.CompletedAt = now;
        await db.SaveChangesAsync(cancellationToken);
        await db.Tests.Where(t => t.Id == testId).ExecuteUpdateAsync(
            s => s.SetProperty(t => t.Status, AbTestStatus.Cancelled).SetProperty(t => t.UpdatedAt, now).SetProperty(t => t.CompletedAt, now), cancellationToken);
        foreach (var job in await db.Jobs.Where(j => j.SubjectId == run.Id && (j.Status == JobStatus.Pending || j.Status == JobStatus.Running)).Select(j => j.Id).ToListAsync(cancellationToken))
        {
            await queue.CancelAsync(job, cancellationToken);
        }

        notifier.Publish(new StatusUpdate("run", run.Id, "cancelled", run.QueriesDone, run.QueriesTotal));
        notifier.Publish(new StatusUpdate("test", testId, "cancelled", run.QueriesDone, run.QueriesTotal));
        return true;
    }
}
