using System.Text.Json;
using AbStudio.Domain.Chunking;
using AbStudio.Domain.Collections;
using AbStudio.Domain.Jobs;
using AbStudio.Domain.Persistence;
using AbStudio.Web.Features.Collections;
using AbStudio.Web.Features.Datasets;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AbStudio.Tests.Web.Jobs;

/// <summary>Collection builds against an embedding server that misbehaves, through the host's real dispatcher.</summary>
public sealed class BuildFaultTests
{
    [Fact]
    public async Task Build_ServerFailingAThirdOfCalls_StillCompletes()
    {
        var random = new Random(30);
        await using var server = await LocalHttpServer.StartAsync("/v1/embeddings", (context, body) =>
        {
            int roll;
            lock (random)
            {
                roll = random.Next(10);
            }

            return roll switch
            {
                0 => Refuse(context, StatusCodes.Status429TooManyRequests),
                1 or 2 => Refuse(context, StatusCodes.Status500InternalServerError),
                _ => Answer(context, body),
            };
        });
        await using var factory = HostAgainst(server);

        var (collection, job) = await BuildAndWaitAsync(factory);

        Assert.Equal(CollectionStatus.Ready, collection.Status);
        Assert.Equal(JobStatus.Succeeded, job.Status);
        Assert.True(server.Requests.Count > 201 / 96 + 1, "the server was retried");
    }

    [Fact]
    public async Task Build_ServerAlwaysFailing_EndsFailedAfterMaxAttemptsWithGrowingGapsAndTheErrorKept()
    {
        await using var server = await LocalHttpServer.StartAsync("/v1/embeddings", (context, _) => Refuse(context, StatusCodes.Status500InternalServerError));
        await using var factory = HostAgainst(server);

        var (collection, job) = await BuildAndWaitAsync(factory);

        Assert.Equal(CollectionStatus.Failed, collection.Status);
        Assert.Contains("500", collection.Error, StringComparison.Ordinal);
        Assert.Equal(JobStatus.Failed, job.Status);
        var attempts = job.History.OrderBy(a => a.Number).ToList();
        Assert.Equal(3, attempts.Count);
        var gaps = attempts.Zip(attempts.Skip(1), (a, b) => (b.StartedAt - a.EndedAt!.Value).TotalSeconds).ToList();
        Assert.True(gaps[0] >= 0.8 && gaps[1] >= 1.6, $"backoff gaps {string.Join(", ", gaps)} s should be at least 0.8 s then 1.6 s");
    }

    [Fact]
    public async Task Build_FailingForGood_ShowsUsersOneLineAndKeepsTheExceptionInTheAttemptHistory()
    {
        await using var server = await LocalHttpServer.StartAsync("/v1/embeddings", (context, _) => Refuse(context, StatusCodes.Status500InternalServerError));
        await using var factory = HostAgainst(server);

        var (collection, job) = await BuildAndWaitAsync(factory);

        Assert.Equal(JobStatus.Failed, job.Status);
        Assert.DoesNotContain('\n', job.LastError!);
        Assert.DoesNotContain(" at AbStudio.", job.LastError!, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', collection.Error!);
        Assert.All(job.History, attempt => Assert.Contains(" at AbStudio.", attempt.Error!, StringComparison.Ordinal));
    }

    private static AbStudioWebFactory HostAgainst(LocalHttpServer server) => new(new Dictionary<string, string>
    {
        ["Embeddings:OpenAI:BaseUrl"] = new Uri(server.Address, "/v1/").ToString(),
        ["Embeddings:OpenAI:ApiKey"] = "test-key",
        ["Embeddings:OpenAI:Model"] = "flaky",
        ["Embeddings:OpenAI:MaxAttempts"] = "6",
        ["Embeddings:OpenAI:RetryBaseDelay"] = "00:00:00.010",
        ["Embeddings:OpenAI:MaxRetryDelay"] = "00:00:00.050",
        ["Jobs:Retry:BaseDelay"] = "00:00:01",
        ["Jobs:Retry:MaxAttempts"] = "3",
    });

    private static async Task<(Collection Collection, Job Job)> BuildAndWaitAsync(AbStudioWebFactory factory)
    {
        var (datasetId, contentHash) = await DemoDataset.FindAsync(factory);
        var contexts = factory.Services.GetRequiredService<IDbContextFactory<AbStudioDbContext>>();

        var specification = new CollectionSpecification(contentHash, new ChunkingSettings(), "openai", "flaky", "flaky", 16, true, null, "flat");
        var plan = await factory.Services.GetRequiredService<CollectionsService>().PlanAsync(specification, datasetId, true, TestContext.Current.CancellationToken);

        var started = DateTime.UtcNow;
        while (DateTime.UtcNow - started < TimeSpan.FromSeconds(90))
        {
            await using var db = await contexts.CreateDbContextAsync(TestContext.Current.CancellationToken);
            var job = await db.Jobs.Include(j => j.History).AsNoTracking().SingleAsync(j => j.Id == plan.JobId, TestContext.Current.CancellationToken);
            var collection = await db.Collections.AsNoTracking().SingleAsync(c => c.Id == plan.CollectionId, TestContext.Current.CancellationToken);

            // The job ends first; its collection is marked failed just after (TestLifecycle.JobEndedAsync).
            if (job.Status is JobStatus.Succeeded or JobStatus.Failed && collection.Status is CollectionStatus.Ready or CollectionStatus.Failed)
            {
                return (collection, job);
            }

            await Task.Delay(200, TestContext.Current.CancellationToken);
        }

        throw new TimeoutException("The build job did not finish in 90 s.");
    }

    private static Task Refuse(HttpContext context, int status)
    {
        context.Response.StatusCode = status;
        if (status == StatusCodes.Status429TooManyRequests)
        {
            context.Response.Headers.RetryAfter = "0";
        }

        return context.Response.WriteAsync($"simulated {status}");
    }

    private static Task Answer(HttpContext context, string body)
    {
        using var request = JsonDocument.Parse(body);
        var inputs = request.RootElement.GetProperty("input").EnumerateArray().Select(e => e.GetString()!).ToList();
        var data = inputs.Select((text, index) =>
        {
            var vector = new float[16];
            vector[Math.Abs(text.GetHashCode(StringComparison.Ordinal)) % 16] = 1;
            vector[text.Length % 16] += 0.5f;
            return new { @object = "embedding", index, embedding = vector };
        });
        return context.Response.WriteAsJsonAsync(new { @object = "list", model = "flaky", data });
    }
}
