using AbStudio.Domain.AbTests;
using AbStudio.Domain.AbTests.Definitions;
using AbStudio.Domain.Collections.Planning;
using AbStudio.Domain.Jobs;
using AbStudio.Domain.Persistence;
using AbStudio.Domain.Runs;
using AbStudio.Domain.Runs.Planning;
using AbStudio.Web.Api;
using AbStudio.Web.Hosting;
using AbStudio.Web.Jobs;
using AbStudio.Web.Realtime;
using Microsoft.EntityFrameworkCore;

namespace AbStudio.Web.Features.AbTests;

/// <summary>The A/B test use cases behind the console, the API and the <c>eval</c> verb: create, clone, start, retry, cancel, delete.</summary>
public sealed class TestsService(
    IDbContextFactory<AbStudioDbContext> contexts,
    RunPlanner planner,
    JobQueue queue,
    StatusNotifier notifier,
    DispatchNudge dispatch,
    DatabaseTarget database,
    TimeProvider time)
{
    /// <summary>
    /// Reads, checks and stores a definition document that names an imported dataset by
    /// <c>dataset.id</c> (the API's and the console's way; the eval verb imports a path first).
    /// Every problem, in the document or against this host's data, is a
    /// <see cref="TestDefinitionException"/> naming its path, so a client fixes them in one go.
    /// </summary>
    public async Task<AbTest> CreateAsync(string definitionJson, string? createdBy, CancellationToken cancellationToken = default)
    {
        var definition = TestDefinitionReader.Read(definitionJson);
        var problems = new List<DefinitionProblem>(IndexProblems(definition));
        if (definition.Dataset.Path is not null)
        {
            problems.Add(new DefinitionProblem("dataset.path", "a test created here runs on an uploaded dataset: upload it first (POST /api/v1/datasets) and give its id as dataset.id."));
        }
        else if (definition.Dataset.Id is { } datasetId)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            if (!await db.Datasets.AnyAsync(d => d.Id == datasetId, cancellationToken))
            {
                problems.Add(new DefinitionProblem("dataset.id", $"there is no dataset with id {datasetId}; upload it first (POST /api/v1/datasets) or give the id of an uploaded one."));
            }
            else if (!await db.Judgments.AnyAsync(j => j.DatasetId == datasetId && j.Split == definition.Dataset.Split, cancellationToken))
            {
                problems.Add(new DefinitionProblem("dataset.split", $"the dataset has no judgments in split '{definition.Dataset.Split}'; pick a split that has them."));
            }
        }

        if (problems.Count > 0)
        {
            throw new TestDefinitionException("definition", problems);
        }

        return await CreateAsync(definition, definition.Dataset.Id!.Value, createdBy, cancellationToken);
    }

    /// <summary>Index kinds this host's database cannot search (hnsw needs PostgreSQL with pgvector), by the arm's path.</summary>
    public IReadOnlyList<DefinitionProblem> IndexProblems(TestDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return [.. definition.Arms.Select((arm, i) => (arm, i))
            .Where(a => a.arm.Embedding is { } e && !database.Supports(e.Index))
            .Select(a => new DefinitionProblem(
                $"arms[{a.i}].embedding.index",
                $"'{a.arm.Embedding!.Index}' needs PostgreSQL with pgvector (Database:Provider Postgres); with SQLite, collections are flat files searched exactly: use 'flat'."))];
    }

    /// <summary>A new draft test from a stored test's definition, on the same dataset; null when there is no such test.</summary>
    public async Task<AbTest?> CloneAsync(Guid testId, string? name, string? createdBy, CancellationToken cancellationToken = default)
    {
        AbTest source;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            var found = await db.Tests.AsNoTracking().SingleOrDefaultAsync(t => t.Id == testId, cancellationToken);
            if (found is null)
            {
                return null;
            }

            source = found;
        }

        // The clone names its dataset by id even when the original was imported from a path by the eval verb.
        var stored = source.Definition;
        var definition = stored with
        {
            Name = string.IsNullOrWhiteSpace(name) ? $"{source.Name} (copy)" : name,
            Dataset = stored.Dataset with { Path = null, Id = source.DatasetId },
        };
        var problems = TestDefinitionReader.Validate(definition);
        if (problems.Count > 0)
        {
            throw new TestDefinitionException("definition", problems);
        }

        return await CreateAsync(definition, source.DatasetId, createdBy, cancellationToken);
    }

    /// <summary>
    /// Starts the test again after its latest run failed or was cancelled. Throws
    /// <see cref="RunStartException"/> when there is nothing to retry (never run, in progress, or completed).
    /// </summary>
    public async Task<RunStart> RetryAsync(Guid testId, CancellationToken cancellationToken = default)
    {
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            var latest = await db.Runs.AsNoTracking().Where(r => r.TestId == testId).OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id)
                .Select(r => (RunStatus?)r.Status).FirstOrDefaultAsync(cancellationToken);
            if (latest is not (RunStatus.Failed or RunStatus.Cancelled))
            {
                throw new RunStartException(latest is null
                    ? "The test has not run yet; start it instead."
                    : $"Its latest run is {latest.Value.ToString().ToLowerInvariant()}; only a failed or cancelled run can be retried.");
            }
        }

        return await StartAsync(testId, cancellationToken);
    }

    /// <summary>Deletes a test with its arms, runs and results; refused while a run is in progress.</summary>
    public async Task<DeletionResult> DeleteAsync(Guid testId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (!await db.Tests.AnyAsync(t => t.Id == testId, cancellationToken))
        {
            return DeletionResult.NotFound;
        }

        if (await db.Runs.AnyAsync(r => r.TestId == testId && (r.Status == RunStatus.Pending || r.Status == RunStatus.Queued || r.Status == RunStatus.Running), cancellationToken))
        {
            return DeletionResult.InUse("The test has a run in progress; cancel it first (POST /api/v1/tests/{id}/cancel).");
        }

        // Arms, runs and their results go with it through the foreign keys' ON DELETE CASCADE.
        return await db.Tests.Where(t => t.Id == testId).ExecuteDeleteAsync(cancellationToken) == 0 ? DeletionResult.NotFound : DeletionResult.Deleted;
    }

    /// <summary>Stores a checked definition as a test (status draft) on an imported dataset.</summary>
    public async Task<AbTest> CreateAsync(TestDefinition definition, Guid datasetId, string? createdBy, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(definition);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (!await db.Datasets.AnyAsync(d => d.Id == datasetId, cancellationToken))
        {
            throw new RunStartException($"Dataset {datasetId} does not exist; import it first or give another dataset.id.");
        }

        var test = TestDefinitionMapper.ToTest(definition, datasetId, createdBy, time.GetUtcNow().UtcDateTime);
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
