using AbStudio.Domain.Chunking;
using AbStudio.Domain.Collections;
using AbStudio.Domain.Collections.Building;
using AbStudio.Domain.Collections.Planning;
using AbStudio.Domain.Collections.Storage;
using AbStudio.Domain.Embeddings;
using AbStudio.Domain.Embeddings.Hashing;
using AbStudio.Tests.Domain.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.AI;
using Npgsql;

namespace AbStudio.Tests.Domain.Collections.Building;

/// <summary>
/// A planned collection built for real: pending → building → ready, with progress in the row and for
/// watchers, into the vector store the host pairs with the database (flat files with SQLite, pgvector
/// with PostgreSQL).
/// </summary>
public abstract class CollectionBuildServiceTests(DatabaseFixture database) : IAsyncDisposable
{
    protected static CancellationToken Token => TestContext.Current.CancellationToken;

    /// <summary>The store the host registers with this database.</summary>
    protected abstract IVectorStore Store { get; }

    /// <summary>Rows and bytes as the storage itself holds them (the file, the table), not as the store reports them.</summary>
    protected abstract Task<(long Rows, long Bytes)> InStorageAsync(string fingerprint);

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
        Assert.Equal((60L, collection.SizeBytes), await InStorageAsync(plan.Fingerprint));
        Assert.True(collection.SizeBytes >= 60 * 64 * sizeof(float), $"{collection.SizeBytes} bytes cannot hold 60 vectors of 64 floats");
        Assert.NotNull(collection.ReadyAt);
        Assert.NotNull(collection.BuildDuration);
        Assert.Equal((1L, 0L), (collection.EmbeddingCalls, collection.EmbeddedTokens));
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

    [Fact]
    public async Task BuildAsync_InterruptedAfterTwoBatches_ResumesFromTheRowsStored()
    {
        // 300 chunks are five batches of 64; the first attempt's host dies while embedding the third.
        var calls = 0;
        var (interrupted, plan) = await PlanAsync(new FeatureHashingEmbeddingGenerator(64).Model.Revision, documents: 300,
            spec => new StopAfter(new FeatureHashingEmbeddingGenerator(spec.Dimensions), () => ++calls <= 2));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => interrupted.BuildAsync(plan.CollectionId, null, Token));
        var storedAfterInterruption = await Store.RowsStoredAsync(plan.Fingerprint, Token);
        var seen = new List<CollectionProgress>();

        await Service(spec => new FeatureHashingEmbeddingGenerator(spec.Dimensions)).BuildAsync(plan.CollectionId, new Recorder(seen), Token);

        Assert.Equal(128, storedAfterInterruption);
        Assert.Contains(seen, p => p.Message?.Contains("resuming at chunk 128 of 300", StringComparison.Ordinal) == true);
        Assert.Equal(300, (await InStorageAsync(plan.Fingerprint)).Rows);
        await using var db = database.CreateContext();
        var collection = await db.Collections.SingleAsync(c => c.Id == plan.CollectionId, Token);
        Assert.Equal(CollectionStatus.Ready, collection.Status);
        Assert.Equal(3, collection.EmbeddingCalls);
    }

    public virtual ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    private CollectionBuildService Service(Func<CollectionSpecification, EmbeddingProvider> providers) =>
        new(new FixtureContextFactory(database), providers, Store, TimeProvider.System);

    private async Task<(CollectionBuildService Service, CollectionPlan Plan)> PlanAsync(string revision, int documents = 60, Func<CollectionSpecification, EmbeddingProvider>? providers = null)
    {
        await using var db = database.CreateContext();
        var dataset = TestData.Dataset(documents);
        dataset.ContentHash = Guid.NewGuid().ToString("N") + Guid.NewGuid().ToString("N");
        db.Datasets.Add(dataset);
        await db.SaveChangesAsync(Token);

        var specification = new CollectionSpecification(dataset.ContentHash, new ChunkingSettings(), "hashing", "hashing:unigrams+bigrams", revision, 64, true, null, "flat");
        var contexts = new FixtureContextFactory(database);
        var plan = await Planners.For(contexts).PlanAsync(specification, dataset.Id, true, Token);
        return (Service(providers ?? (spec => new FeatureHashingEmbeddingGenerator(spec.Dimensions))), plan);
    }

    /// <summary>Embeds while <paramref name="allowed"/> says so, then cancels: a host dying mid-build.</summary>
    private sealed class StopAfter(EmbeddingProvider inner, Func<bool> allowed) : EmbeddingProvider(null)
    {
        public override EmbeddingModelInfo Model => inner.Model;

        protected override async Task<float[]> EmbedAsync(IReadOnlyList<string> texts, string prefix, CancellationToken cancellationToken)
        {
            if (!allowed())
            {
                throw new OperationCanceledException("the host died");
            }

            var embeddings = await inner.GenerateAsync(texts.Select(text => prefix + text), cancellationToken: cancellationToken);
            return [.. embeddings.SelectMany(e => e.Vector.ToArray())];
        }

        protected override void Dispose(bool disposing)
        {
            inner.Dispose();
            base.Dispose(disposing);
        }
    }

    private sealed class Recorder(List<CollectionProgress> seen) : IProgress<CollectionProgress>
    {
        public void Report(CollectionProgress value) => seen.Add(value);
    }
}

public sealed class SqliteCollectionBuildServiceTests(SqliteDatabaseFixture database)
    : CollectionBuildServiceTests(database), IClassFixture<SqliteDatabaseFixture>
{
    private readonly string _directory = Directory.CreateTempSubdirectory("abstudio-build-").FullName;
    private FlatFileVectorStore? _store;

    protected override IVectorStore Store => _store ??= new FlatFileVectorStore(_directory);

    public override async ValueTask DisposeAsync()
    {
        _store?.Dispose();
        Directory.Delete(_directory, recursive: true);
        await base.DisposeAsync();
    }

    protected override Task<(long Rows, long Bytes)> InStorageAsync(string fingerprint)
    {
        var path = Path.Combine(_directory, fingerprint, VectorFileFormat.FileName);
        return Task.FromResult((VectorFileFormat.ReadRowsStored(path)?.Rows ?? 0, new FileInfo(path).Length));
    }
}

public sealed class PostgresCollectionBuildServiceTests(PostgresDatabaseFixture database)
    : CollectionBuildServiceTests(database), IClassFixture<PostgresDatabaseFixture>
{
    private readonly NpgsqlDataSource _dataSource = PgvectorVectorStore.BuildDataSource(database.ConnectionString);

    protected override IVectorStore Store => field ??= new PgvectorVectorStore(_dataSource);

    public override async ValueTask DisposeAsync()
    {
        await _dataSource.DisposeAsync();
        await base.DisposeAsync();
    }

    protected override async Task<(long Rows, long Bytes)> InStorageAsync(string fingerprint)
    {
        var table = PgvectorVectorStore.TableName(fingerprint);
        await using var command = _dataSource.CreateCommand($"SELECT count(*), pg_total_relation_size('{table}') FROM {table}");
        await using var reader = await command.ExecuteReaderAsync(Token);
        await reader.ReadAsync(Token);
        return (reader.GetInt64(0), reader.GetInt64(1));
    }
}
