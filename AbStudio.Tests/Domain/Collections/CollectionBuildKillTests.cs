using System.Diagnostics;
using System.Text;
using AbStudio.Domain.Chunking;
using AbStudio.Domain.Collections;
using AbStudio.Domain.Collections.Planning;
using AbStudio.Domain.Collections.Storage;
using AbStudio.Domain.Embeddings.Hashing;
using AbStudio.Domain.Jobs;
using AbStudio.Domain.Persistence;
using AbStudio.Web.Hosting;
using Microsoft.EntityFrameworkCore;

namespace AbStudio.Tests.Domain.Collections;

/// <summary>
/// A worker host killed with SIGKILL mid-build: after a restart the build resumes from the last
/// stored batch (the log says so) and the collection equals an uninterrupted build byte for byte.
/// </summary>
public sealed class CollectionBuildKillTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private readonly string _directory = Directory.CreateTempSubdirectory("abstudio-kill-").FullName;

    [Fact]
    public async Task Build_WorkerKilledMidway_ResumesAndMatchesAnUninterruptedBuild()
    {
        var killed = await PlanSciFactBuildAsync("killed");
        var output = new StringBuilder();
        var folder = Path.Combine(killed.DataDirectory, "collections", killed.Fingerprint);
        var partial = Path.Combine(folder, VectorFileFormat.PartialFileName);
        using (var first = StartWorker(killed.DataDirectory, output))
        {
            // Kill as soon as a few batches are on disk: the build is well under way, far from done.
            var started = Stopwatch.GetTimestamp();
            while (!(File.Exists(partial) && new FileInfo(partial).Length > 256 * 1024) && Stopwatch.GetElapsedTime(started) < Patience)
            {
                await Task.Delay(20, TestContext.Current.CancellationToken);
            }

            first.Kill(entireProcessTree: true);
            await first.WaitForExitAsync(TestContext.Current.CancellationToken);
        }

        Assert.True(File.Exists(Path.Combine(folder, VectorFileFormat.PartialFileName)), "the killed build left no partial vectors");
        Assert.False(File.Exists(Path.Combine(folder, VectorFileFormat.FileName)));

        var resumedOutput = new StringBuilder();
        using (var second = StartWorker(killed.DataDirectory, resumedOutput))
        {
            await WaitForAsync(killed, c => c.Status == CollectionStatus.Ready);
            await WaitForJobAsync(killed.DataDirectory, killed.CollectionId);
            second.Kill(entireProcessTree: true);
        }

        lock (resumedOutput)
        {
            Assert.Contains("resuming at chunk", resumedOutput.ToString(), StringComparison.Ordinal);
        }

        var reference = await PlanSciFactBuildAsync("reference");
        using (var worker = StartWorker(reference.DataDirectory, new StringBuilder()))
        {
            await WaitForAsync(reference, c => c.Status == CollectionStatus.Ready);
            worker.Kill(entireProcessTree: true);
        }

        Assert.Equal(reference.Fingerprint, killed.Fingerprint);
        Assert.Equal(
            await File.ReadAllBytesAsync(Path.Combine(reference.DataDirectory, "collections", reference.Fingerprint, VectorFileFormat.FileName), TestContext.Current.CancellationToken),
            await File.ReadAllBytesAsync(Path.Combine(folder, VectorFileFormat.FileName), TestContext.Current.CancellationToken));
        await using var db = Context(killed.DataDirectory);
        var job = await db.Jobs.Include(j => j.History).SingleAsync(j => j.SubjectId == killed.CollectionId, TestContext.Current.CancellationToken);
        Assert.True(job.History.Count >= 2, "the killed attempt is in the job's history");
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    private Process StartWorker(string dataDirectory, StringBuilder output) =>
        HostProcess.Start(_directory, output, "--Role=worker", "--urls=http://127.0.0.1:0", $"--Storage:DataDirectory={dataDirectory}",
            "--Datasets:SeedDemo=false", "--Embeddings:FetchModelsOnStart=false", "--Jobs:Lease=00:00:04");

    /// <summary>Imports SciFact with the real verb, then plans a hashing collection of many small chunks (a build of several seconds).</summary>
    private async Task<(string DataDirectory, Guid CollectionId, string Fingerprint)> PlanSciFactBuildAsync(string name)
    {
        var dataDirectory = Path.Combine(_directory, name);
        var import = await HostProcess.RunAsync(_directory, "import", Path.Combine(SharedData.Datasets, "scifact"), $"--Storage:DataDirectory={dataDirectory}", "--Datasets:SeedDemo=false");
        Assert.True(import.ExitCode == 0, import.Error);

        await using var db = Context(dataDirectory);
        var dataset = await db.Datasets.SingleAsync(TestContext.Current.CancellationToken);
        var hashing = new FeatureHashingEmbeddingGenerator(64);
        var specification = new CollectionSpecification(dataset.ContentHash, new ChunkingSettings(ChunkingStrategy.Tokens, 6, 0), "hashing", hashing.Model.ModelId, hashing.Model.Revision, 64, true, null, "flat");
        var plan = await Planners.For(new SingleContextFactory(dataDirectory)).PlanAsync(specification, dataset.Id, true, TestContext.Current.CancellationToken);
        return (dataDirectory, plan.CollectionId, plan.Fingerprint);
    }

    private static async Task WaitForAsync((string DataDirectory, Guid CollectionId, string Fingerprint) build, Func<Collection, bool> condition)
    {
        var deadline = Stopwatch.GetTimestamp();
        Collection? collection = null;
        while (Stopwatch.GetElapsedTime(deadline) < Patience)
        {
            await using (var db = Context(build.DataDirectory))
            {
                collection = await db.Collections.AsNoTracking().SingleAsync(c => c.Id == build.CollectionId, TestContext.Current.CancellationToken);
                Assert.NotEqual(CollectionStatus.Failed, collection.Status);
                if (condition(collection))
                {
                    return;
                }
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        throw new TimeoutException($"Collection {build.CollectionId} did not reach the expected state in {Patience}: it is {collection?.Status}, {collection?.ChunksDone} of {collection?.ChunksTotal} chunks.");
    }

    /// <summary>The collection is ready a moment before its job is reported: wait for the report too.</summary>
    private static async Task WaitForJobAsync(string dataDirectory, Guid collectionId)
    {
        var started = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(started) < Patience)
        {
            await using var db = Context(dataDirectory);
            if (await db.Jobs.AnyAsync(j => j.SubjectId == collectionId && j.Status == JobStatus.Succeeded, TestContext.Current.CancellationToken))
            {
                return;
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        throw new TimeoutException($"The build job of collection {collectionId} did not succeed in {Patience}.");
    }

    private static AbStudioDbContext Context(string dataDirectory)
    {
        var options = new DbContextOptionsBuilder<AbStudioDbContext>();
        PersistenceExtensions.Configure(options, DatabaseProvider.Sqlite, $"Data Source={Path.Combine(dataDirectory, "abstudio.db")};Default Timeout=30");
        return new AbStudioDbContext(options.Options);
    }

    private sealed class SingleContextFactory(string dataDirectory) : IDbContextFactory<AbStudioDbContext>
    {
        public AbStudioDbContext CreateDbContext() => Context(dataDirectory);
    }
}
