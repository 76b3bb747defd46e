using System.Globalization;
using System.Text.Json;
using AbStudio.Domain.Chunking;
using AbStudio.Domain.Collections;
using AbStudio.Domain.Collections.Planning;
using AbStudio.Domain.Embeddings.Hashing;
using AbStudio.Domain.Jobs;
using AbStudio.Domain.Persistence;
using AbStudio.Web.Features.Collections;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AbStudio.Tests.Web.Observability;

/// <summary><c>/metrics</c> scraped from the real host while its own dispatcher builds collections.</summary>
public sealed class MetricsEndpointTests
{
    private const string ReadyBuilds = "abstudio_collection_builds_total{provider=\"hashing\",outcome=\"ready\"}";
    private const string SucceededBuildJobs = "abstudio_jobs_total{type=\"BuildCollection\",outcome=\"succeeded\"}";

    [Fact]
    public async Task Scrape_AfterARealBuild_CountsItOnceAndNotAgainForAReadyCollection()
    {
        await using var factory = new AbStudioWebFactory();
        using var client = factory.CreateAdminClient();
        var (datasetId, contentHash) = await DemoDataset.FindAsync(factory);
        var before = await ScrapeAsync(client);

        var hashing = new FeatureHashingEmbeddingGenerator(24);
        var specification = new CollectionSpecification(contentHash, new ChunkingSettings(), "hashing", hashing.Model.ModelId, hashing.Model.Revision, 24, true, null, "flat");
        var plan = await factory.Services.GetRequiredService<CollectionsService>().PlanAsync(specification, datasetId, true, TestContext.Current.CancellationToken);
        await WaitForJobAsync(factory, plan.JobId!.Value);
        var built = await WaitForScrapeAsync(client, SucceededBuildJobs, Value(before, SucceededBuildJobs) + 1);

        // A second job for the same, now ready, collection (a duplicate in the queue): it succeeds
        // without building, so the build counter stays where it was.
        var queue = factory.Services.GetRequiredService<JobQueue>();
        var again = await queue.EnqueueAsync(new JobRequest(CollectionPlanner.BuildJobType, JsonSerializer.Serialize(new { collection = plan.CollectionId }))
        {
            SubjectId = plan.CollectionId,
            Provider = "hashing",
        }, TestContext.Current.CancellationToken);
        await WaitForJobAsync(factory, again.Id);
        var after = await WaitForScrapeAsync(client, SucceededBuildJobs, Value(built, SucceededBuildJobs) + 1);

        Assert.Equal(Value(before, ReadyBuilds) + 1, Value(built, ReadyBuilds));
        Assert.Equal(Value(built, ReadyBuilds), Value(after, ReadyBuilds));
        Assert.True(Value(built, "abstudio_embedding_chunks_total{provider=\"hashing\"}") >= 201);
        Assert.Equal(2, Value(after, "abstudio_job_duration_seconds_count{type=\"BuildCollection\"}"));
        Assert.Equal(0, Value(after, "abstudio_jobs_running{type=\"BuildCollection\"}"));
        Assert.Equal(0, Value(after, "abstudio_queue_depth{type=\"BuildCollection\",status=\"pending\"}"));
        Assert.Contains("process_cpu_seconds_total", after, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scrape_WithJobsWaiting_ReportsTheQueueDepthFromTheTable()
    {
        // A web-role host runs no jobs, so the queued ones stay pending while it is scraped.
        await using var factory = new AbStudioWebFactory(new Dictionary<string, string> { ["Role"] = "web" });
        using var client = factory.CreateAdminClient();
        var queue = factory.Services.GetRequiredService<JobQueue>();
        for (var i = 0; i < 3; i++)
        {
            await queue.EnqueueAsync(new JobRequest(CollectionPlanner.BuildJobType, "{}"), TestContext.Current.CancellationToken);
        }

        var text = await ScrapeAsync(client);

        Assert.Equal(3, Value(text, "abstudio_queue_depth{type=\"BuildCollection\",status=\"pending\"}"));
        Assert.Equal(0, Value(text, "abstudio_queue_depth{type=\"BuildCollection\",status=\"running\"}"));
    }

    private static async Task<string> ScrapeAsync(HttpClient client)
    {
        using var response = await client.GetAsync(new Uri("/metrics", UriKind.Relative), TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>The job's end is counted just after its row says so: scrape until the count arrives.</summary>
    private static async Task<string> WaitForScrapeAsync(HttpClient client, string series, double expected)
    {
        var text = "";
        for (var i = 0; i < 100; i++)
        {
            text = await ScrapeAsync(client);
            if (Value(text, series) >= expected)
            {
                return text;
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        throw new TimeoutException($"{series} did not reach {expected}:\n{text}");
    }

    /// <summary>A sample's value in the text exposition format; 0 when the series is absent.</summary>
    private static double Value(string exposition, string series)
    {
        var line = exposition.Split('\n').FirstOrDefault(l => l.StartsWith(series + " ", StringComparison.Ordinal));
        return line is null ? 0 : double.Parse(line[(series.Length + 1)..], CultureInfo.InvariantCulture);
    }

    private static async Task WaitForJobAsync(AbStudioWebFactory factory, Guid jobId)
    {
        var contexts = factory.Services.GetRequiredService<IDbContextFactory<AbStudioDbContext>>();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            await using var db = await contexts.CreateDbContextAsync(TestContext.Current.CancellationToken);
            var status = await db.Jobs.Where(j => j.Id == jobId).Select(j => j.Status).SingleAsync(TestContext.Current.CancellationToken);
            Assert.NotEqual(JobStatus.Failed, status);
            if (status == JobStatus.Succeeded)
            {
                return;
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        throw new TimeoutException($"Job {jobId} did not succeed in 60 s.");
    }
}
