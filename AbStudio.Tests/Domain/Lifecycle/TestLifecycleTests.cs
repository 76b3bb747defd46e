using System.Net;
using System.Text.Json;
using AbStudio.Domain.AbTests;
using AbStudio.Domain.AbTests.Definitions;
using AbStudio.Domain.Collections;
using AbStudio.Domain.Collections.Planning;
using AbStudio.Domain.Embeddings.Hashing;
using AbStudio.Domain.Jobs;
using AbStudio.Domain.Lifecycle;
using AbStudio.Domain.Runs;
using AbStudio.Tests.Domain.Persistence;
using AbStudio.Tests.Web.Features.AbTests;
using AbStudio.Web.Features.AbTests;
using AbStudio.Web.Features.Accounts;
using AbStudio.Web.Features.Jobs;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AbStudio.Tests.Domain.Lifecycle;

/// <summary>
/// The three defects of the life of a test that the lifecycle owner fixes, each through the real
/// host (its dispatcher on Coravel, its API) on SQLite and PostgreSQL: a cancelled build no longer
/// stays <c>building</c>; parallel starts make one run; cancel stops a long analysis.
/// </summary>
public abstract class TestLifecycleTests(DatabaseFixture database)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CancelBuild_WhileBuilding_CancelsTheCollectionFailsItsRunAndTheNextTestBuildsAfresh()
    {
        // An OpenAI-compatible server that hangs until told to answer: the build is caught mid-way.
        var answer = new TaskCompletionSource();
        using var hashing = new FeatureHashingEmbeddingGenerator(64);
        await using var server = await LocalHttpServer.StartAsync("/v1/embeddings", async (context, body) =>
        {
            await answer.Task.WaitAsync(context.RequestAborted);
            using var request = JsonDocument.Parse(body);
            var inputs = request.RootElement.GetProperty("input").EnumerateArray().Select(e => e.GetString()!).ToList();
            var vectors = await hashing.GenerateAsync(inputs, cancellationToken: context.RequestAborted);
            await context.Response.WriteAsJsonAsync(new
            {
                @object = "list",
                model = "slow-model",
                data = vectors.Select((v, i) => new { @object = "embedding", index = i, embedding = v.Vector.ToArray() }),
            }, context.RequestAborted);
        });
        await using var factory = TestRunTests.HostOn(database,
            ("Embeddings:OpenAI:BaseUrl", new Uri(server.Address, "/v1/").ToString()), ("Embeddings:OpenAI:ApiKey", "test-key"));
        var (datasetId, _) = await DemoDataset.FindAsync(factory);
        var tests = factory.Services.GetRequiredService<TestsService>();
        var first = await TestRunTests.StartAsync(tests, datasetId, RemoteDefinition("first"));
        var collectionId = first.Arms.Single(a => a.Arm == "remote").Plan!.CollectionId;
        await WaitForAsync(factory, db => db.Collections.AnyAsync(c => c.Id == collectionId && c.Status == CollectionStatus.Building, Token), "the build to start");
        var job = await InDatabase(factory, db => db.Jobs.SingleAsync(j => j.SubjectId == collectionId, Token));

        Assert.True((await factory.Services.GetRequiredService<JobsService>().CancelAsync(Actor.Host, job.Id, Token)).Succeeded);
        await WaitForAsync(factory, db => db.Collections.AnyAsync(c => c.Id == collectionId && c.Status == CollectionStatus.Cancelled, Token), "the collection to be cancelled");
        await WaitForAsync(factory, db => db.Runs.AnyAsync(r => r.Id == first.RunId && r.Status == RunStatus.Failed, Token), "the waiting run to fail");
        answer.SetResult();
        var second = await TestRunTests.StartAsync(tests, datasetId, RemoteDefinition("second"));
        await TestRunTests.WaitForRunAsync(factory, second.RunId);

        var run = await InDatabase(factory, db => db.Runs.SingleAsync(r => r.Id == first.RunId, Token));
        Assert.Contains("was cancelled. Start the test again to build it afresh.", run.Error, StringComparison.Ordinal);
        Assert.Equal(JobStatus.Cancelled, (await InDatabase(factory, db => db.Jobs.SingleAsync(j => j.Id == job.Id, Token))).Status);
        var plan = second.Arms.Single(a => a.Arm == "remote").Plan!;
        Assert.Equal((collectionId, CollectionPlanOutcome.Rebuilding), (plan.CollectionId, plan.Outcome));
        Assert.Equal(CollectionStatus.Ready, (await InDatabase(factory, db => db.Collections.SingleAsync(c => c.Id == collectionId, Token))).Status);
    }

    [Fact]
    public async Task Start_TwentyInParallel_OneIsAcceptedAndNineteenConflict()
    {
        // A web-role host: nothing runs the queued run, so every start meets the first one's run.
        await using var factory = TestRunTests.HostOn(database, ("Role", "web"));
        var (datasetId, _) = await DemoDataset.FindAsync(factory);
        var json = LexicalDefinition("parallel", permutations: 200);
        var test = await factory.Services.GetRequiredService<TestsService>().CreateAsync(TestDefinitionReader.Read(json), datasetId, "test", Token);
        using var client = factory.CreateAdminClient();

        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => client.PostAsync($"/api/v1/tests/{test.Id}/runs", null, Token)));

        Assert.Equal(1, answers.Count(a => a.StatusCode == HttpStatusCode.Accepted));
        Assert.Equal(19, answers.Count(a => a.StatusCode == HttpStatusCode.Conflict));
        Assert.Equal(1, await InDatabase(factory, db => db.Runs.CountAsync(r => r.TestId == test.Id, Token)));
        Assert.Equal(1, await InDatabase(factory, db => db.Jobs.CountAsync(j => db.Runs.Any(r => r.TestId == test.Id && r.Id == j.SubjectId), Token)));
    }

    [Fact]
    public async Task Cancel_DuringALongRandomizationTest_LeavesTheWorkerIdleWithinTwoSeconds()
    {
        await using var factory = TestRunTests.HostOn(database);
        var (datasetId, _) = await DemoDataset.FindAsync(factory);
        var tests = factory.Services.GetRequiredService<TestsService>();
        var start = await TestRunTests.StartAsync(tests, datasetId, TestRunTests.Definition("long analysis", 72).Replace("\"permutations\": 500", "\"permutations\": 2000000000", StringComparison.Ordinal));

        // bm25 against a hashing arm differs on most queries, so the randomization test samples (more than 20
        // non-zero differences) 2·10⁹ permutations: hours of work. Every result stored and the run still running: it is in the analysis.
        await WaitForAsync(factory, db => db.Runs.AnyAsync(r => r.Id == start.RunId && r.Status == RunStatus.Running && r.QueriesTotal > 0 && r.QueriesDone == r.QueriesTotal, Token), "the analysis to start");
        var job = await InDatabase(factory, db => db.Jobs.SingleAsync(j => j.SubjectId == start.RunId, Token));
        Assert.Equal(JobStatus.Running, job.Status);
        var cancelled = await tests.CancelAsync(Actor.Host, (await InDatabase(factory, db => db.Runs.SingleAsync(r => r.Id == start.RunId, Token))).TestId, Token);
        var asked = DateTime.UtcNow;

        // The job is confirmed cancelled by its worker only once the analysis loop has stopped. (The
        // dispatcher's count is no measure here: the class shares its database, so other tests' jobs may run too.)
        while (await InDatabase(factory, db => db.Jobs.Where(j => j.Id == job.Id).Select(j => j.Status).SingleAsync(Token)) == JobStatus.Running
            && DateTime.UtcNow - asked < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(50, Token);
        }

        var idleAfter = DateTime.UtcNow - asked;
        Assert.True(cancelled.Succeeded, cancelled.Refusal?.Message);
        Assert.True(idleAfter < TimeSpan.FromSeconds(2), $"the worker was still busy {idleAfter.TotalSeconds:0.0} s after the cancel");
        Assert.Equal(RunStatus.Cancelled, (await InDatabase(factory, db => db.Runs.SingleAsync(r => r.Id == start.RunId, Token))).Status);
        Assert.Equal(JobStatus.Cancelled, (await InDatabase(factory, db => db.Jobs.SingleAsync(j => j.SubjectId == start.RunId, Token))).Status);
    }

    [Fact]
    public async Task RetryJob_OfAnOldRunWhileANewerRunIsActive_IsRefusedAndChangesNothing()
    {
        await using var factory = TestRunTests.HostOn(database, ("Role", "web"));
        var (datasetId, _) = await DemoDataset.FindAsync(factory);
        var tests = factory.Services.GetRequiredService<TestsService>();
        var first = await TestRunTests.StartAsync(tests, datasetId, LexicalDefinition("retried", permutations: 200));
        var testId = (await InDatabase(factory, db => db.Runs.SingleAsync(r => r.Id == first.RunId, Token))).TestId;
        Assert.True((await tests.CancelAsync(Actor.Host, testId, Token)).Succeeded);
        var second = (await tests.StartAsync(Actor.Host, testId, Token)).Require();
        var oldJob = await InDatabase(factory, db => db.Jobs.SingleAsync(j => j.SubjectId == first.RunId, Token));
        using var client = factory.CreateAdminClient();

        var answer = await client.PostAsync($"/api/v1/jobs/{oldJob.Id}/retry", null, Token);

        Assert.Equal(HttpStatusCode.Conflict, answer.StatusCode);
        Assert.Equal(RunStatus.Cancelled, (await InDatabase(factory, db => db.Runs.SingleAsync(r => r.Id == first.RunId, Token))).Status);
        Assert.Equal(RunStatus.Queued, (await InDatabase(factory, db => db.Runs.SingleAsync(r => r.Id == second.RunId, Token))).Status);
        Assert.Equal(JobStatus.Cancelled, (await InDatabase(factory, db => db.Jobs.SingleAsync(j => j.Id == oldJob.Id, Token))).Status);
    }

    private static string RemoteDefinition(string name) => $$"""
        { "name": "{{name}}", "dataset": { "id": "00000000-0000-0000-0000-000000000000" }, "k": [1, 10],
          "arms": [ { "name": "bm25", "retrieval": { "mode": "lexical" } },
                    { "name": "remote", "embedding": { "provider": "openai", "model": "slow-model", "dimensions": 64 }, "retrieval": { "mode": "vector" } } ],
          "statistics": { "permutations": 200, "bootstrapResamples": 200 } }
        """;

    private static string LexicalDefinition(string name, int permutations) => $$"""
        { "name": "{{name}}", "dataset": { "id": "00000000-0000-0000-0000-000000000000" }, "k": [1, 10],
          "arms": [ { "name": "bm25", "retrieval": { "mode": "lexical" } },
                    { "name": "bm25-k1-2", "retrieval": { "mode": "lexical", "bm25": { "k1": 2.0, "b": 0.3 } } } ],
          "statistics": { "permutations": {{permutations}}, "bootstrapResamples": 200 } }
        """;

    private static async Task<T> InDatabase<T>(AbStudioWebFactory factory, Func<AbStudio.Domain.Persistence.AbStudioDbContext, Task<T>> read)
    {
        await using var db = await TestRunTests.Contexts(factory).CreateDbContextAsync(Token);
        return await read(db);
    }

    private static async Task WaitForAsync(AbStudioWebFactory factory, Func<AbStudio.Domain.Persistence.AbStudioDbContext, Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (await InDatabase(factory, condition))
            {
                return;
            }

            await Task.Delay(100, Token);
        }

        Assert.Fail($"Waited 60 s for {what}.");
    }
}

public sealed class SqliteTestLifecycleTests(SqliteDatabaseFixture database)
    : TestLifecycleTests(database), IClassFixture<SqliteDatabaseFixture>;

public sealed class PostgresTestLifecycleTests(PostgresDatabaseFixture database)
    : TestLifecycleTests(database), IClassFixture<PostgresDatabaseFixture>;
