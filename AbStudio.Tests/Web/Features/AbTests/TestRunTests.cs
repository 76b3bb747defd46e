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
using AbStudio.Web.Features.Accounts;
using AbStudio.Web.Features.Collections;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AbStudio.Tests.Web.Features.AbTests;

/// <summary>
/// Tests started through the service the console and the API use: collections planned and built by
/// queued jobs, runs queued when their collections are ready, results stored per (run, arm, query).
/// On both databases, through the host's real dispatcher on Coravel.
/// </summary>
public abstract class TestRunTests(DatabaseFixture database)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    // The tests of a class share one database: each gives its hashing arm its own size, so no test
    // meets another's collection (whose files live in that test's host data folder).
    internal static string Definition(string name, int dimensions, bool reuse = true, int bm25K1Tenths = 9) => $$"""
        { "name": "{{name}}", "dataset": { "id": "00000000-0000-0000-0000-000000000000" }, "k": [1, 10],
          "reuse_existing": {{(reuse ? "true" : "false")}},
          "arms": [ { "name": "bm25", "retrieval": { "mode": "lexical", "bm25": { "k1": {{bm25K1Tenths / 10.0:0.0}} } } },
                    { "name": "hashing", "embedding": { "provider": "hashing", "dimensions": {{dimensions}} }, "retrieval": { "mode": "hybrid" } } ],
          "statistics": { "permutations": 500, "bootstrapResamples": 500 } }
        """;

    [Fact]
    public async Task Run_InterruptedBetweenArms_ResumesAfterTheStoredResultsAndEndsLikeAnUninterruptedRun()
    {
        // A web-role host runs no dispatcher: the test plays the worker, so it can stop the run where it wants.
        await using var factory = HostOn(database, ("Role", "web"));
        var (datasetId, _) = await DemoDataset.FindAsync(factory);
        var tests = factory.Services.GetRequiredService<TestsService>();
        var executor = factory.Services.GetRequiredService<RunExecutor>();
        var interrupted = await StartAsync(tests, datasetId, Definition("interrupted", 80));
        await factory.Services.GetRequiredService<BuildCollectionJob>().ExecuteAsync(interrupted.Arms.Single(a => a.Arm == "hashing").Plan!.CollectionId, "hashing", Token);
        Assert.Equal(RunStatus.Queued, await factory.Services.GetRequiredService<TestLifecycle>().PromoteAsync(interrupted.RunId, Token));

        using (var crash = CancellationTokenSource.CreateLinkedTokenSource(Token))
        {
            var stopAtSecondArm = new SynchronousProgress(p =>
            {
                if (p.Message.StartsWith("hashing:", StringComparison.Ordinal))
                {
                    crash.Cancel();
                }
            });
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => executor.ExecuteAsync(interrupted.RunId, stopAtSecondArm, crash.Token));
        }

        await using (var db = await Contexts(factory).CreateDbContextAsync(Token))
        {
            var run = await db.Runs.SingleAsync(r => r.Id == interrupted.RunId, Token);
            Assert.Equal((RunStatus.Running, 50), (run.Status, run.QueriesDone));
        }

        var messages = new List<string>();
        await executor.ExecuteAsync(interrupted.RunId, new SynchronousProgress(p => messages.Add(p.Message)), Token);
        var uninterrupted = await StartAsync(tests, datasetId, Definition("uninterrupted", 80));
        await executor.ExecuteAsync(uninterrupted.RunId, null, Token);

        Assert.Equal("resuming: 50 of 100 results already stored", messages[0]);
        Assert.DoesNotContain(messages, m => m.StartsWith("bm25:", StringComparison.Ordinal));
        await using (var db = await Contexts(factory).CreateDbContextAsync(Token))
        {
            var rows = await db.QueryResults.Where(r => r.RunId == interrupted.RunId).Select(r => new { r.ArmId, r.QueryId }).ToListAsync(Token);
            Assert.Equal(100, rows.Count);
            Assert.Equal(100, rows.Distinct().Count());
            var resumed = StoredRunSummary.Read((await db.Runs.SingleAsync(r => r.Id == interrupted.RunId, Token)).SummaryJson!);
            var reference = StoredRunSummary.Read((await db.Runs.SingleAsync(r => r.Id == uninterrupted.RunId, Token)).SummaryJson!);
            Assert.Equal(reference.Arms.Select(a => a.Means), resumed.Arms.Select(a => a.Means));
            Assert.Equal(reference.Comparisons.Select(c => c.Statistics.RandomizationP), resumed.Comparisons.Select(c => c.Statistics.RandomizationP));
        }
    }

    [Fact]
    public async Task Run_WhoseCollectionFailed_FailsNamingTheArmAndTheBuildError()
    {
        await using var factory = HostOn(database, ("Role", "web"));
        var (datasetId, _) = await DemoDataset.FindAsync(factory);
        var start = await StartAsync(factory.Services.GetRequiredService<TestsService>(), datasetId, Definition("broken", 64));
        await using (var db = await Contexts(factory).CreateDbContextAsync(Token))
        {
            var collection = start.Arms.Single(a => a.Arm == "hashing").Plan!.CollectionId;
            await db.Collections.Where(c => c.Id == collection).ExecuteUpdateAsync(
                s => s.SetProperty(c => c.Status, CollectionStatus.Failed).SetProperty(c => c.Error, "HTTP 500 from the embedding server"), Token);
        }

        await factory.Services.GetRequiredService<TestLifecycle>().PromoteWaitingRunsAsync(Token);

        await using (var db = await Contexts(factory).CreateDbContextAsync(Token))
        {
            var run = await db.Runs.Include(r => r.Test).SingleAsync(r => r.Id == start.RunId, Token);
            Assert.Equal(RunStatus.Failed, run.Status);
            Assert.StartsWith("Arm 'hashing': building its collection ", run.Error, StringComparison.Ordinal);
            Assert.EndsWith("failed: HTTP 500 from the embedding server", run.Error, StringComparison.Ordinal);
            Assert.Equal(AbTestStatus.Failed, run.Test!.Status);
            Assert.False(await db.Jobs.AnyAsync(j => j.SubjectId == start.RunId, Token));
        }
    }

    internal static AbStudioWebFactory HostOn(DatabaseFixture database, params (string Key, string Value)[] settings)
    {
        var all = new Dictionary<string, string>
        {
            ["Database:Provider"] = database.Provider.ToString(),
            ["Database:ConnectionString"] = database.ConnectionString,
        };
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }

        return new AbStudioWebFactory(all);
    }

    internal static IDbContextFactory<AbStudioDbContext> Contexts(AbStudioWebFactory factory) =>
        factory.Services.GetRequiredService<IDbContextFactory<AbStudioDbContext>>();

    internal static async Task<RunStart> StartAsync(TestsService tests, Guid datasetId, string json)
    {
        var test = await tests.CreateAsync(TestDefinitionReader.Read(json), datasetId, "test", Token);
        return (await tests.StartAsync(Actor.Host, test.Id, Token)).Require();
    }

    internal static async Task WaitForRunAsync(AbStudioWebFactory factory, Guid runId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            await using var db = await Contexts(factory).CreateDbContextAsync(Token);
            var run = await db.Runs.AsNoTracking().SingleAsync(r => r.Id == runId, Token);
            if (run.Status is RunStatus.Completed or RunStatus.Failed or RunStatus.Cancelled)
            {
                Assert.True(run.Status == RunStatus.Completed, run.Error);
                return;
            }

            await Task.Delay(200, Token);
        }

        Assert.Fail($"Run {runId} did not end within 90 s.");
    }

    /// <summary>Progress&lt;T&gt; would post reports to the thread pool; these run at once, in order.</summary>
    private sealed class SynchronousProgress(Action<RunProgress> report) : IProgress<RunProgress>
    {
        public void Report(RunProgress value) => report(value);
    }
}

public sealed class SqliteTestRunTests(SqliteDatabaseFixture database)
    : TestRunTests(database), IClassFixture<SqliteDatabaseFixture>;

public sealed class PostgresTestRunTests(PostgresDatabaseFixture database)
    : TestRunTests(database), IClassFixture<PostgresDatabaseFixture>;
