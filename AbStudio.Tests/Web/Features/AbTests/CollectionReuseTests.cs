using AbStudio.Domain.AbTests;
using AbStudio.Domain.AbTests.Definitions;
using AbStudio.Domain.Collections;
using AbStudio.Domain.Collections.Planning;
using AbStudio.Domain.Jobs;
using AbStudio.Domain.Lifecycle;
using AbStudio.Domain.Persistence;
using AbStudio.Domain.Runs;
using AbStudio.Domain.Runs.Execution;
using AbStudio.Domain.Runs.Summary;
using AbStudio.Tests.Domain.Persistence;
using AbStudio.Web.Features.AbTests;
using AbStudio.Web.Features.Collections;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AbStudio.Tests.Web.Features.AbTests;

/// <summary>
/// The reuse acceptance test on a database of its own (nothing queued by other tests), through the
/// host's real dispatcher: the job table and the host's metrics both show one build per reason.
/// </summary>
public abstract class CollectionReuseTests(DatabaseFixture database)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ThreeTests_SharingAnArmConfiguration_BuildItOnceAndOnlyTheOneWithoutReuseRebuilds()
    {
        await using var factory = TestRunTests.HostOn(database);
        var (datasetId, _) = await DemoDataset.FindAsync(factory);
        var tests = factory.Services.GetRequiredService<TestsService>();

        var first = await TestRunTests.StartAsync(tests, datasetId, TestRunTests.Definition("first", 96));
        var second = await TestRunTests.StartAsync(tests, datasetId, TestRunTests.Definition("second", 96, bm25K1Tenths: 12));
        await TestRunTests.WaitForRunAsync(factory, first.RunId);
        await TestRunTests.WaitForRunAsync(factory, second.RunId);
        var third = await TestRunTests.StartAsync(tests, datasetId, TestRunTests.Definition("third", 96, reuse: false));
        await TestRunTests.WaitForRunAsync(factory, third.RunId);

        var firstPlan = first.Arms.Single(a => a.Arm == "hashing").Plan!;
        Assert.Equal(CollectionPlanOutcome.Building, firstPlan.Outcome);
        Assert.Contains(second.Arms.Single(a => a.Arm == "hashing").Plan!.Outcome, new[] { CollectionPlanOutcome.Joined, CollectionPlanOutcome.Reused });
        Assert.Equal(CollectionPlanOutcome.Rebuilding, third.Arms.Single(a => a.Arm == "hashing").Plan!.Outcome);
        Assert.All(new[] { first, second, third }, start => Assert.Equal(firstPlan.CollectionId, start.Arms.Single(a => a.Arm == "hashing").Plan!.CollectionId));

        // The host's own counts agree: two builds (first and third), three completed runs of 100 results.
        var metrics = await factory.CreateAdminClient().GetStringAsync(new Uri("/metrics", UriKind.Relative), Token);
        Assert.Contains("abstudio_collection_builds_total{provider=\"hashing\",outcome=\"ready\"} 2", metrics, StringComparison.Ordinal);
        Assert.Contains("abstudio_runs_total{outcome=\"completed\"} 3", metrics, StringComparison.Ordinal);
        Assert.Contains("abstudio_queries_total 300", metrics, StringComparison.Ordinal);

        await using var db = await TestRunTests.Contexts(factory).CreateDbContextAsync(Token);
        var builds = await db.Jobs.Include(j => j.History).Where(j => j.Type == CollectionPlanner.BuildJobType && j.SubjectId == firstPlan.CollectionId).ToListAsync(Token);
        Assert.Equal(2, builds.Count);
        Assert.All(builds, job => Assert.Equal((JobStatus.Succeeded, 1), (job.Status, job.History.Count)));
        foreach (var start in new[] { first, second, third })
        {
            var run = await db.Runs.SingleAsync(r => r.Id == start.RunId, Token);
            Assert.Equal((RunStatus.Completed, 100, 100), (run.Status, run.QueriesDone, run.QueriesTotal));
            Assert.Equal(100, await db.QueryResults.CountAsync(r => r.RunId == start.RunId, Token));
            Assert.Equal(AbTestStatus.Completed, await db.Tests.Where(t => t.Id == run.TestId).Select(t => t.Status).SingleAsync(Token));
            Assert.Equal(2, StoredRunSummary.Read(run.SummaryJson!).Arms.Count);
        }
    }
}

public sealed class SqliteCollectionReuseTests(SqliteDatabaseFixture database)
    : CollectionReuseTests(database), IClassFixture<SqliteDatabaseFixture>;

public sealed class PostgresCollectionReuseTests(PostgresDatabaseFixture database)
    : CollectionReuseTests(database), IClassFixture<PostgresDatabaseFixture>;
