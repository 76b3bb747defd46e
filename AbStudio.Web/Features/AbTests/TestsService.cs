using AbStudio.Domain.AbTests;
using AbStudio.Domain.AbTests.Definitions;
using AbStudio.Domain.Lifecycle;
using AbStudio.Domain.Persistence;
using AbStudio.Domain.Runs;
using AbStudio.Web.Api;
using AbStudio.Web.Hosting;
using AbStudio.Web.Jobs;
using Microsoft.EntityFrameworkCore;

namespace AbStudio.Web.Features.AbTests;

/// <summary>The A/B test use cases behind the console, the API and the <c>eval</c> verb: create, clone, start, retry, cancel, delete.</summary>
public sealed class TestsService(
    IDbContextFactory<AbStudioDbContext> contexts,
    TestLifecycle lifecycle,
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

    /// <summary>Starts the test again after its latest run failed or was cancelled; refused when there is nothing to retry.</summary>
    public async Task<Outcome<RunStart>> RetryAsync(Guid testId, CancellationToken cancellationToken = default) =>
        Nudged(await lifecycle.RetryAsync(testId, cancellationToken));

    /// <summary>Deletes a test with its arms, runs and results; refused while a run is in progress.</summary>
    public async Task<DeletionResult> DeleteAsync(Guid testId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (!await db.Tests.AnyAsync(t => t.Id == testId, cancellationToken))
        {
            return DeletionResult.NotFound;
        }

        if (await db.Runs.AnyAsync(r => r.TestId == testId && RunStatuses.Active.Contains(r.Status), cancellationToken))
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
            throw new TestDefinitionException("definition", [new DefinitionProblem("dataset.id", $"there is no dataset with id {datasetId}; import it first or give another dataset.id.")]);
        }

        var test = TestDefinitionMapper.ToTest(definition, datasetId, createdBy, time.GetUtcNow().UtcDateTime);
        db.Tests.Add(test);
        await db.SaveChangesAsync(cancellationToken);
        return test;
    }

    /// <summary>
    /// Starts a run of the test (see <see cref="TestLifecycle.StartAsync"/>): builds are queued, ready
    /// collections reused, and the run queued once they are ready; refused when a run is in progress.
    /// </summary>
    public async Task<Outcome<RunStart>> StartAsync(Guid testId, CancellationToken cancellationToken = default) =>
        Nudged(await lifecycle.StartAsync(testId, cancellationToken));

    /// <summary>Cancels the test's run in progress: at once when it waits, through its job when it runs.</summary>
    public Task<Outcome<Run>> CancelAsync(Guid testId, CancellationToken cancellationToken = default) =>
        lifecycle.CancelAsync(testId, cancellationToken);

    // The jobs are in the table already; this only saves the wait for the dispatcher's next poll.
    private Outcome<RunStart> Nudged(Outcome<RunStart> start)
    {
        if (start.Succeeded)
        {
            dispatch.Nudge();
        }

        return start;
    }
}
