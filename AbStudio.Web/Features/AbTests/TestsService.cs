using AbStudio.Domain.AbTests;
using AbStudio.Domain.AbTests.Definitions;
using AbStudio.Domain.Governance;
using AbStudio.Domain.Lifecycle;
using AbStudio.Domain.Persistence;
using AbStudio.Domain.Runs;
using AbStudio.Web.Api;
using AbStudio.Web.Features.Accounts;
using AbStudio.Web.Hosting;
using AbStudio.Web.Jobs;
using Microsoft.EntityFrameworkCore;

namespace AbStudio.Web.Features.AbTests;

/// <summary>
/// The A/B test use cases behind the console, the API and the <c>eval</c> verb: create, clone, start,
/// retry, cancel, delete. The user's use cases take the <see cref="Actor"/>: a test of another team is
/// answered as missing, and changing one needs <see cref="Actor.CanWrite"/> (403 otherwise).
/// </summary>
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
    public async Task<Outcome<AbTest>> CreateAsync(Actor actor, string definitionJson, string? createdBy, string? team = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!actor.CanWrite)
        {
            return Refusal.Forbidden(WriteNeeded);
        }

        var definition = TestDefinitionReader.Read(definitionJson);
        var problems = new List<DefinitionProblem>(IndexProblems(definition));
        Guid teamId;
        await using (var teams = await contexts.CreateDbContextAsync(cancellationToken))
        {
            // Unsaid, a test belongs with its dataset when the actor may act in that team (an admin, or
            // someone in several teams); a shared dataset of another team leaves the choice to the rule.
            if (string.IsNullOrWhiteSpace(team) && definition.Dataset.Id is { } ownerOf
                && await teams.Datasets.VisibleTo(actor.Scope).Where(d => d.Id == ownerOf).Select(d => (Guid?)d.TeamId).FirstOrDefaultAsync(cancellationToken) is { } datasetTeam
                && actor.Scope.Sees(datasetTeam))
            {
                team = datasetTeam.ToString();
            }

            var choice = await ActorTeams.ChooseAsync(teams, actor, team, cancellationToken);
            teamId = choice.TeamId ?? Guid.Empty;
            if (choice.Problem is { } problem)
            {
                problems.Add(new DefinitionProblem(TeamChoice.Field, problem));
            }
        }

        if (definition.Dataset.Path is not null)
        {
            problems.Add(new DefinitionProblem("dataset.path", "a test created here runs on an uploaded dataset: upload it first (POST /api/v1/datasets) and give its id as dataset.id."));
        }
        else if (definition.Dataset.Id is { } datasetId && teamId != Guid.Empty)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);

            // The test's team must see the dataset (its own or a shared one), and so must the actor.
            if (!await db.Datasets.VisibleTo(actor.Scope).VisibleTo(TeamScope.Of([teamId])).AnyAsync(d => d.Id == datasetId, cancellationToken))
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

        return await CreateInTeamAsync(definition, definition.Dataset.Id!.Value, teamId, createdBy, cancellationToken);
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

    /// <summary>A new draft test from a stored test's definition, on the same dataset and in the same team.</summary>
    public async Task<Outcome<AbTest>> CloneAsync(Actor actor, Guid testId, string? name, string? createdBy, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        AbTest source;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            var found = await db.Tests.AsNoTracking().VisibleTo(actor.Scope).SingleOrDefaultAsync(t => t.Id == testId, cancellationToken);
            if (found is null)
            {
                return NotFound(testId);
            }

            if (!actor.CanWrite)
            {
                return Refusal.Forbidden(WriteNeeded);
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

        return await CreateInTeamAsync(definition, source.DatasetId, source.TeamId, createdBy, cancellationToken);
    }

    /// <summary>Starts the test again after its latest run failed or was cancelled; refused when there is nothing to retry.</summary>
    public async Task<Outcome<RunStart>> RetryAsync(Actor actor, Guid testId, CancellationToken cancellationToken = default) =>
        await WritableAsync(actor, testId, cancellationToken) is { } refusal ? refusal : Nudged(await lifecycle.RetryAsync(testId, cancellationToken));

    /// <summary>Deletes a test with its arms, runs and results; refused while a run is in progress.</summary>
    public async Task<DeletionResult> DeleteAsync(Actor actor, Guid testId, CancellationToken cancellationToken = default)
    {
        switch (await WritableAsync(actor, testId, cancellationToken))
        {
            case { Kind: RefusalKind.NotFound }:
                return DeletionResult.NotFound;
            case { } refusal:
                return new DeletionResult(DeletionOutcome.Forbidden, refusal.Message);
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);

        if (await db.Runs.AnyAsync(r => r.TestId == testId && RunStatuses.Active.Contains(r.Status), cancellationToken))
        {
            return DeletionResult.InUse("The test has a run in progress; cancel it first (POST /api/v1/tests/{id}/cancel).");
        }

        // Arms, runs and their results go with it through the foreign keys' ON DELETE CASCADE.
        return await db.Tests.Where(t => t.Id == testId).ExecuteDeleteAsync(cancellationToken) == 0 ? DeletionResult.NotFound : DeletionResult.Deleted;
    }

    /// <summary>
    /// Stores a checked definition as a test (status draft) on an imported dataset, in the dataset's
    /// own team: the host's way (the eval verb, set-up code), unscoped.
    /// </summary>
    public async Task<AbTest> CreateAsync(TestDefinition definition, Guid datasetId, string? createdBy, CancellationToken cancellationToken = default)
    {
        Guid teamId;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            teamId = await db.Datasets.Where(d => d.Id == datasetId).Select(d => d.TeamId).SingleOrDefaultAsync(cancellationToken);
        }

        return await CreateInTeamAsync(definition, datasetId, teamId, createdBy, cancellationToken);
    }

    /// <summary>
    /// Stores a checked definition (the console's designer) as a draft test of the actor's team on a
    /// dataset that team sees; a problem with either is a <see cref="TestDefinitionException"/> at team or dataset.id.
    /// </summary>
    public async Task<Outcome<AbTest>> CreateAsync(Actor actor, TestDefinition definition, Guid datasetId, string? createdBy, string? team = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!actor.CanWrite)
        {
            return Refusal.Forbidden(WriteNeeded);
        }

        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            var choice = await ActorTeams.ChooseAsync(db, actor, team, cancellationToken);
            if (choice.TeamId is not { } teamId)
            {
                throw new TestDefinitionException("definition", [new DefinitionProblem(TeamChoice.Field, choice.Problem!)]);
            }

            if (!await db.Datasets.VisibleTo(actor.Scope).VisibleTo(TeamScope.Of([teamId])).AnyAsync(d => d.Id == datasetId, cancellationToken))
            {
                throw new TestDefinitionException("definition", [new DefinitionProblem("dataset.id", $"there is no dataset with id {datasetId}; import it first or give another dataset.id.")]);
            }

            return await CreateInTeamAsync(definition, datasetId, teamId, createdBy, cancellationToken);
        }
    }

    private async Task<AbTest> CreateInTeamAsync(TestDefinition definition, Guid datasetId, Guid teamId, string? createdBy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(definition);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (!await db.Datasets.AnyAsync(d => d.Id == datasetId, cancellationToken))
        {
            throw new TestDefinitionException("definition", [new DefinitionProblem("dataset.id", $"there is no dataset with id {datasetId}; import it first or give another dataset.id.")]);
        }

        var test = TestDefinitionMapper.ToTest(definition, datasetId, createdBy, time.GetUtcNow().UtcDateTime);
        test.TeamId = teamId;
        db.Tests.Add(test);
        await db.SaveChangesAsync(cancellationToken);
        return test;
    }

    /// <summary>
    /// Starts a run of the test (see <see cref="TestLifecycle.StartAsync"/>): builds are queued, ready
    /// collections reused, and the run queued once they are ready; refused when a run is in progress.
    /// </summary>
    public async Task<Outcome<RunStart>> StartAsync(Actor actor, Guid testId, CancellationToken cancellationToken = default) =>
        await WritableAsync(actor, testId, cancellationToken) is { } refusal ? refusal : Nudged(await lifecycle.StartAsync(testId, cancellationToken));

    /// <summary>Cancels the test's run in progress: at once when it waits, through its job when it runs.</summary>
    public async Task<Outcome<Run>> CancelAsync(Actor actor, Guid testId, CancellationToken cancellationToken = default) =>
        await WritableAsync(actor, testId, cancellationToken) is { } refusal ? refusal : await lifecycle.CancelAsync(testId, cancellationToken);

    private const string WriteNeeded = "Changing tests needs the Engineer or Admin role (and a token that may write).";

    private static Refusal NotFound(Guid testId) => Refusal.NotFound($"Test {testId} does not exist.");

    /// <summary>Not found when the actor's teams do not see the test; forbidden when they see it but may not change it.</summary>
    private async Task<Refusal?> WritableAsync(Actor actor, Guid testId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (!await db.Tests.VisibleTo(actor.Scope).AnyAsync(t => t.Id == testId, cancellationToken))
        {
            return NotFound(testId);
        }

        return actor.CanWrite ? null : Refusal.Forbidden(WriteNeeded);
    }

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
