using AbStudio.Domain.Collections;
using AbStudio.Domain.Datasets;
using Microsoft.EntityFrameworkCore;

namespace AbStudio.Tests.Domain.Persistence;

/// <summary>Collections: unique fingerprint, status and stats, concurrency, and how deletes reach arms.</summary>
public abstract class CollectionPersistenceTests(DatabaseFixture database)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Update_StatusProgressAndStats_PersistsAndBumpsVersion()
    {
        var dataset = await SaveDatasetAsync();
        var collection = await SaveAsync(TestData.Collection(dataset.Id));

        await using (var db = database.CreateContext())
        {
            var loaded = await db.Collections.SingleAsync(c => c.Id == collection.Id, Token);
            loaded.Status = CollectionStatus.Ready;
            loaded.ChunksDone = loaded.ChunksTotal = 5183;
            loaded.SizeBytes = 5183L * 256 * 4;
            loaded.BuildDuration = TimeSpan.FromSeconds(12.5);
            await db.SaveChangesAsync(Token);
        }

        await using var read = database.CreateContext();
        var reloaded = await read.Collections.SingleAsync(c => c.Id == collection.Id, Token);
        Assert.Equal(CollectionStatus.Ready, reloaded.Status);
        Assert.Equal(5183, reloaded.ChunksDone);
        Assert.Equal(TimeSpan.FromSeconds(12.5), reloaded.BuildDuration);
        Assert.Equal(1, reloaded.Version);
    }

    [Fact]
    public async Task Create_SecondCollectionWithTheSameFingerprint_IsRejected()
    {
        var dataset = await SaveDatasetAsync();
        var first = await SaveAsync(TestData.Collection(dataset.Id));
        var second = TestData.Collection(dataset.Id);
        second.Fingerprint = first.Fingerprint;

        await Assert.ThrowsAsync<DbUpdateException>(() => SaveAsync(second));
    }

    [Fact]
    public async Task Update_FromTwoWritersAtOnce_SecondWriterGetsAConcurrencyError()
    {
        var dataset = await SaveDatasetAsync();
        var collection = await SaveAsync(TestData.Collection(dataset.Id));
        await using var builder = database.CreateContext();
        await using var sweeper = database.CreateContext();
        var seenByBuilder = await builder.Collections.SingleAsync(c => c.Id == collection.Id, Token);
        var seenBySweeper = await sweeper.Collections.SingleAsync(c => c.Id == collection.Id, Token);

        seenByBuilder.Status = CollectionStatus.Building;
        await builder.SaveChangesAsync(Token);
        seenBySweeper.Status = CollectionStatus.Failed;

        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => sweeper.SaveChangesAsync(Token));
    }

    [Fact]
    public async Task Delete_CollectionThatAnArmUses_UnlinksTheArmButKeepsItsFingerprint()
    {
        var dataset = await SaveDatasetAsync();
        var collection = await SaveAsync(TestData.Collection(dataset.Id));
        var test = TestData.Test(dataset.Id, "a", "b");
        test.Arms[1].CollectionId = collection.Id;
        test.Arms[1].CollectionFingerprint = collection.Fingerprint;
        await using (var db = database.CreateContext())
        {
            db.Tests.Add(test);
            await db.SaveChangesAsync(Token);
            await db.Collections.Where(c => c.Id == collection.Id).ExecuteDeleteAsync(Token);
        }

        await using var read = database.CreateContext();
        var arm = await read.Arms.SingleAsync(a => a.Id == test.Arms[1].Id, Token);
        Assert.Null(arm.CollectionId);
        Assert.Equal(collection.Fingerprint, arm.CollectionFingerprint);
    }

    [Fact]
    public async Task Delete_DatasetThatHasACollection_IsRestricted()
    {
        var dataset = await SaveDatasetAsync();
        await SaveAsync(TestData.Collection(dataset.Id));

        await using var db = database.CreateContext();
        await Assert.ThrowsAnyAsync<Exception>(() => db.Datasets.Where(d => d.Id == dataset.Id).ExecuteDeleteAsync(Token));
    }

    [Fact]
    public async Task Query_ByLastUseOlderThan_FindsOnlyStaleCollections()
    {
        var dataset = await SaveDatasetAsync();
        var stale = TestData.Collection(dataset.Id);
        stale.LastUsedAt = DateTime.UtcNow.AddDays(-30);
        var fresh = TestData.Collection(dataset.Id);
        await SaveAsync(stale);
        await SaveAsync(fresh);

        await using var read = database.CreateContext();
        var cutoff = DateTime.UtcNow.AddDays(-7);
        var found = await read.Collections.Where(c => c.DatasetId == dataset.Id && c.LastUsedAt < cutoff).Select(c => c.Id).ToListAsync(Token);
        Assert.Equal([stale.Id], found);
    }

    private async Task<Dataset> SaveDatasetAsync()
    {
        await using var db = database.CreateContext();
        var dataset = TestData.Dataset();
        db.Datasets.Add(dataset);
        await db.SaveChangesAsync(Token);
        return dataset;
    }

    private async Task<Collection> SaveAsync(Collection collection)
    {
        await using var db = database.CreateContext();
        db.Collections.Add(collection);
        await db.SaveChangesAsync(Token);
        return collection;
    }
}

public sealed class SqliteCollectionPersistenceTests(SqliteDatabaseFixture database)
    : CollectionPersistenceTests(database), IClassFixture<SqliteDatabaseFixture>;

public sealed class PostgresCollectionPersistenceTests(PostgresDatabaseFixture database)
    : CollectionPersistenceTests(database), IClassFixture<PostgresDatabaseFixture>;
