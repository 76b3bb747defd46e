using System.Diagnostics;
using AbStudio.Domain.Chunking;
using AbStudio.Domain.Collections;
using AbStudio.Domain.Collections.Planning;
using AbStudio.Domain.Datasets.Import;
using AbStudio.Domain.Embeddings.Hashing;
using AbStudio.Domain.Jobs;
using AbStudio.Tests.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AbStudio.Tests.Domain.Collections;

/// <summary>
/// Issue 5's acceptance test: two worker processes against one PostgreSQL database process 20
/// queued builds; every job runs exactly once (no double claims) and all end ready.
/// </summary>
public sealed class TwoWorkersPostgresTests : IAsyncLifetime
{
    private const int Builds = 20;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly PostgresDatabaseFixture _database = new();
    private readonly string _directory = Directory.CreateTempSubdirectory("abstudio-two-workers-").FullName;

    public ValueTask InitializeAsync() => _database.InitializeAsync();

    [Fact]
    public async Task TwentyBuilds_TwoWorkersOnOneDatabase_EachJobRunsOnceAndAllEndReady()
    {
        var contexts = new FixtureContextFactory(_database);
        var dataset = await new DatasetImporter(contexts, new DatasetImportLimits())
            .ImportAsync(new DatasetImportRequest(Path.Combine(SharedData.Datasets, "scifact")), TestContext.Current.CancellationToken);
        using var first = await WorkerProcess.StartAsync(_directory, _database.ConnectionString, Path.Combine(_directory, "first"));
        using var second = await WorkerProcess.StartAsync(_directory, _database.ConnectionString, Path.Combine(_directory, "second"));

        // 20 distinct collections (the dimensions are part of the fingerprint), queued while both workers poll.
        var planner = Planners.For(contexts);
        var plans = new List<CollectionPlan>();
        for (var i = 0; i < Builds; i++)
        {
            var hashing = new FeatureHashingEmbeddingGenerator(16 + i);
            var specification = new CollectionSpecification(dataset.ContentHash, new ChunkingSettings(), "hashing", hashing.Model.ModelId, hashing.Model.Revision, 16 + i, true, null, "flat");
            plans.Add(await planner.PlanAsync(specification, dataset.DatasetId, true, TestContext.Current.CancellationToken));
        }

        Assert.All(plans, p => Assert.Equal(CollectionPlanOutcome.Building, p.Outcome));
        await WaitUntilAllJobsEndedAsync();

        await using var db = _database.CreateContext();
        var jobs = await db.Jobs.AsNoTracking().Include(j => j.History).ToListAsync(TestContext.Current.CancellationToken);
        Assert.Equal(Builds, jobs.Count);
        Assert.All(jobs, j =>
        {
            Assert.Equal(JobStatus.Succeeded, j.Status);
            Assert.Equal(1, j.Attempts);
            var attempt = Assert.Single(j.History);
            Assert.Equal(JobStatus.Succeeded, attempt.Outcome);
        });
        var workers = jobs.Select(j => j.History[0].Worker).Distinct().ToList();
        Assert.Equal(2, workers.Count);
        Assert.Equal(Builds, await db.JobAttempts.CountAsync(TestContext.Current.CancellationToken));
        var collections = await db.Collections.AsNoTracking().ToListAsync(TestContext.Current.CancellationToken);
        Assert.Equal(Builds, collections.Count);
        Assert.All(collections, c => Assert.Equal(CollectionStatus.Ready, c.Status));
    }

    public async ValueTask DisposeAsync()
    {
        await _database.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    private async Task WaitUntilAllJobsEndedAsync()
    {
        var started = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(started) < Patience)
        {
            await using var db = _database.CreateContext();
            if (!await db.Jobs.AnyAsync(j => j.Status == JobStatus.Pending || j.Status == JobStatus.Running, TestContext.Current.CancellationToken))
            {
                return;
            }

            await Task.Delay(200, TestContext.Current.CancellationToken);
        }

        throw new TimeoutException($"The {Builds} builds did not all end in {Patience}.");
    }
}
