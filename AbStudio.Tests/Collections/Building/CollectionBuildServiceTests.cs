using AbStudio.Domain.Chunking;
using AbStudio.Domain.Collections;
using AbStudio.Domain.Collections.Building;
using AbStudio.Domain.Collections.Planning;
using AbStudio.Domain.Collections.Storage;
using AbStudio.Domain.Embeddings.Hashing;
using AbStudio.Tests.Persistence;
using AbStudio.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace AbStudio.Tests.Collections.Building;

/// <summary>A planned collection built for real: pending → building → ready, with progress in the row and for watchers.</summary>
public abstract class CollectionBuildServiceTests(DatabaseFixture database) : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("abstudio-build-").FullName;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task BuildAsync_PlannedCollection_EndsReadyWithStatsAndReportsProgress()
    {
        var (service, plan) = await PlanAsync(new FeatureHashingEmbeddingGenerator(64).Model.Revision);
        var seen = new List<CollectionProgress>();

        await service.BuildAsync(plan.CollectionId, new Recorder(seen), Token);

        await using var db = database.CreateContext();
        var collection = await db.Collections.SingleAsync(c => c.Id == plan.CollectionId, Token);
        Assert.Equal(CollectionStatus.Ready, collection.Status);
        Assert.Equal(60, collection.ChunksTotal);
        Assert.Equal(60, collection.ChunksDone);
        Assert.Equal(VectorFileFormat.HeaderSize + (60 * 64 * 4), collection.SizeBytes);
        Assert.NotNull(collection.ReadyAt);
        Assert.NotNull(collection.BuildDuration);
        Assert.True(File.Exists(Path.Combine(_directory, plan.Fingerprint, VectorFileFormat.FileName)));
        Assert.Equal(CollectionStatus.Building, seen[0].Status);
        Assert.Equal((CollectionStatus.Ready, 60L, 60L), (seen[^1].Status, seen[^1].Done, seen[^1].Total));
    }

    [Fact]
    public async Task BuildAsync_AlreadyReady_DoesNothing()
    {
        var (service, plan) = await PlanAsync(new FeatureHashingEmbeddingGenerator(64).Model.Revision);
        await service.BuildAsync(plan.CollectionId, null, Token);
        var seen = new List<CollectionProgress>();

        await service.BuildAsync(plan.CollectionId, new Recorder(seen), Token);

        Assert.Empty(seen);
    }

    [Fact]
    public async Task BuildAsync_ProviderReportsAnotherRevision_FailsNamingTheDrift()
    {
        var (service, plan) = await PlanAsync("fnv1a64-signed-v0");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => service.BuildAsync(plan.CollectionId, null, Token));

        Assert.Contains("now reports model revision fnv1a64-signed-v1, but this collection was planned for fnv1a64-signed-v0", error.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        Directory.Delete(_directory, recursive: true);
        GC.SuppressFinalize(this);
    }

    private async Task<(CollectionBuildService Service, CollectionPlan Plan)> PlanAsync(string revision)
    {
        await using var db = database.CreateContext();
        var dataset = TestData.Dataset(documents: 60);
        dataset.ContentHash = Guid.NewGuid().ToString("N") + Guid.NewGuid().ToString("N");
        db.Datasets.Add(dataset);
        await db.SaveChangesAsync(Token);

        var specification = new CollectionSpecification(dataset.ContentHash, new ChunkingSettings(), "hashing", "hashing:unigrams+bigrams", revision, 64, true, null, "flat");
        var contexts = new FixtureContextFactory(database);
        var plan = await Planners.For(contexts).PlanAsync(specification, dataset.Id, true, Token);
        var service = new CollectionBuildService(contexts, spec => new FeatureHashingEmbeddingGenerator(spec.Dimensions), _directory, TimeProvider.System);
        return (service, plan);
    }

    private sealed class Recorder(List<CollectionProgress> seen) : IProgress<CollectionProgress>
    {
        public void Report(CollectionProgress value) => seen.Add(value);
    }
}

public sealed class SqliteCollectionBuildServiceTests(SqliteDatabaseFixture database)
    : CollectionBuildServiceTests(database), IClassFixture<SqliteDatabaseFixture>;

public sealed class PostgresCollectionBuildServiceTests(PostgresDatabaseFixture database)
    : CollectionBuildServiceTests(database), IClassFixture<PostgresDatabaseFixture>;
