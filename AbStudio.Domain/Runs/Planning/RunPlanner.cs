using AbStudio.Domain.AbTests;
using AbStudio.Domain.AbTests.Definitions;
using AbStudio.Domain.Collections.Planning;
using AbStudio.Domain.Embeddings;
using AbStudio.Domain.Persistence;
using AbStudio.Domain.Runs.Execution;
using Microsoft.EntityFrameworkCore;

namespace AbStudio.Domain.Runs.Planning;

/// <summary>What starting a test decided: the run, and for each arm its collection plan (null for lexical arms).</summary>
public sealed record RunStart(Guid RunId, RunStatus Status, IReadOnlyList<(string Arm, CollectionPlan? Plan)> Arms);

/// <summary>The test cannot start now (it is already running, or was deleted); the message says which.</summary>
public sealed class RunStartException(string message) : Exception(message);

/// <summary>
/// Starts a test: plans every arm's collection (reuse, join or build — see <see cref="CollectionPlanner"/>),
/// records each plan and its reason on the arm, and writes a <c>pending</c> run that the
/// <see cref="RunScheduler"/> queues once every collection is ready (at once, when all were reused).
/// </summary>
public sealed class RunPlanner(
    IDbContextFactory<AbStudioDbContext> contexts,
    CollectionPlanner collections,
    RunScheduler scheduler,
    EmbeddingCatalog embeddings,
    TimeProvider time)
{
    public async Task<RunStart> StartAsync(Guid testId, CancellationToken cancellationToken = default)
    {
        AbTest test;
        string datasetHash;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            test = await db.Tests.AsNoTracking().Include(t => t.Arms).SingleOrDefaultAsync(t => t.Id == testId, cancellationToken)
                ?? throw new RunStartException($"Test {testId} does not exist.");
            if (await db.Runs.AnyAsync(r => r.TestId == testId && (r.Status == RunStatus.Pending || r.Status == RunStatus.Queued || r.Status == RunStatus.Running), cancellationToken))
            {
                throw new RunStartException($"Test '{test.Name}' already has a run in progress; wait for it or cancel it first.");
            }

            datasetHash = await db.Datasets.Where(d => d.Id == test.DatasetId).Select(d => d.ContentHash).SingleAsync(cancellationToken);
        }

        // Each plan commits on its own (collection row and build job together); arms with one
        // fingerprint meet at the planner, so the second joins the first one's build.
        var plans = new List<(Arm Arm, CollectionPlan? Plan)>();
        foreach (var arm in test.Arms.OrderBy(a => a.Ordinal))
        {
            var definition = arm.Definition;
            if (definition.Retrieval.Mode == RetrievalMode.Lexical)
            {
                plans.Add((arm, null));
                continue;
            }

            var specification = EmbeddingCatalog.CollectionFor(definition, datasetHash, embeddings.ModelOf(definition));
            plans.Add((arm, await collections.PlanAsync(specification, test.DatasetId, test.ReuseExisting, cancellationToken)));
        }

        var now = time.GetUtcNow().UtcDateTime;
        var statistics = test.Definition.Statistics;
        var run = new Run { TestId = testId, Status = RunStatus.Pending, StatisticsSeed = unchecked((long)statistics.Seed), CreatedAt = now };
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            foreach (var (arm, plan) in plans)
            {
                Guid? collectionId = plan?.CollectionId;
                CollectionPlanOutcome? outcome = plan?.Outcome;
                string? fingerprint = plan?.Fingerprint, reason = plan?.Reason;
                await db.Arms.Where(a => a.Id == arm.Id).ExecuteUpdateAsync(
                    s => s.SetProperty(a => a.CollectionId, collectionId)
                        .SetProperty(a => a.CollectionFingerprint, fingerprint)
                        .SetProperty(a => a.CollectionPlan, outcome)
                        .SetProperty(a => a.CollectionPlanReason, reason),
                    cancellationToken);
            }

            db.Runs.Add(run);
            await db.SaveChangesAsync(cancellationToken);
            await RunScheduler.SetTestStatusAsync(db, testId, AbTestStatus.Building, now, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        var status = await scheduler.PromoteAsync(run.Id, cancellationToken) ?? RunStatus.Pending;
        return new RunStart(run.Id, status, [.. plans.Select(p => (p.Arm.Name, p.Plan))]);
    }
}
