using AbStudio.Domain.AbTests;
using AbStudio.Domain.Datasets;
using AbStudio.Domain.Runs;
using Microsoft.EntityFrameworkCore;

namespace AbStudio.Tests.Domain.Persistence;

/// <summary>A/B tests with arms, runs and per-query results: create, update, delete, constraints.</summary>
public abstract class AbTestPersistenceTests(DatabaseFixture database)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Create_WithArms_RoundTripsConfigurationKValuesAndEnums()
    {
        var dataset = await SaveDatasetAsync();
        var test = TestData.Test(dataset.Id, "bm25", "use-lite");
        test.KValues = [1, 10, 100];
        test.Cleanup = CleanupPolicy.Ttl;
        test.CollectionTtl = TimeSpan.FromHours(36);
        await SaveAsync(test);

        await using var read = database.CreateContext();
        var loaded = await read.Tests.Include(t => t.Arms).SingleAsync(t => t.Id == test.Id, Token);
        Assert.Equal([1, 10, 100], loaded.KValues);
        Assert.Equal(CleanupPolicy.Ttl, loaded.Cleanup);
        Assert.Equal(TimeSpan.FromHours(36), loaded.CollectionTtl);
        Assert.Equal(["bm25", "use-lite"], loaded.Arms.OrderBy(a => a.Ordinal).Select(a => a.Name));
        Assert.Equal(RetrievalMode.Vector, loaded.Arms.Single(a => a.Name == "use-lite").RetrievalMode);
        Assert.Equal("""{"name":"use-lite"}""", loaded.Arms.Single(a => a.Name == "use-lite").ConfigurationJson);
    }

    [Fact]
    public async Task Update_StatusAndArmConfiguration_Persists()
    {
        var dataset = await SaveDatasetAsync();
        var test = await SaveAsync(TestData.Test(dataset.Id, "a", "b"));

        await using (var db = database.CreateContext())
        {
            var loaded = await db.Tests.Include(t => t.Arms).SingleAsync(t => t.Id == test.Id, Token);
            loaded.Status = AbTestStatus.Running;
            loaded.Arms.Single(a => a.Name == "b").ConfigurationJson = """{"name":"b","topN":50}""";
            loaded.Arms.Add(new Arm { Name = "c", Ordinal = 2, ConfigurationJson = "{}" });
            await db.SaveChangesAsync(Token);
        }

        await using var read = database.CreateContext();
        var reloaded = await read.Tests.Include(t => t.Arms).SingleAsync(t => t.Id == test.Id, Token);
        Assert.Equal(AbTestStatus.Running, reloaded.Status);
        Assert.Equal(3, reloaded.Arms.Count);
        Assert.Contains("topN", reloaded.Arms.Single(a => a.Name == "b").ConfigurationJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_TwoArmsWithTheSameNameInOneTest_IsRejected()
    {
        var dataset = await SaveDatasetAsync();

        await using var db = database.CreateContext();
        var test = TestData.Test(dataset.Id, "same", "other");
        test.Arms[1].Name = "same";
        db.Tests.Add(test);
        await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync(Token));
    }

    [Fact]
    public async Task Delete_Test_CascadesToArmsRunsAndResults()
    {
        var dataset = await SaveDatasetAsync();
        var test = await SaveAsync(TestData.Test(dataset.Id, "a", "b"));
        var run = await SaveRunWithResultsAsync(test, dataset);

        await using (var db = database.CreateContext())
        {
            await db.Tests.Where(t => t.Id == test.Id).ExecuteDeleteAsync(Token);
        }

        await using var read = database.CreateContext();
        Assert.False(await read.Arms.AnyAsync(a => a.TestId == test.Id, Token));
        Assert.False(await read.Runs.AnyAsync(r => r.Id == run.Id, Token));
        Assert.False(await read.QueryResults.AnyAsync(r => r.RunId == run.Id, Token));
        Assert.True(await read.Datasets.AnyAsync(d => d.Id == dataset.Id, Token));
    }

    [Fact]
    public async Task Delete_DatasetThatATestUses_IsRestricted()
    {
        var dataset = await SaveDatasetAsync();
        await SaveAsync(TestData.Test(dataset.Id, "a", "b"));

        await using var db = database.CreateContext();
        await Assert.ThrowsAnyAsync<Exception>(() => db.Datasets.Where(d => d.Id == dataset.Id).ExecuteDeleteAsync(Token));
        Assert.True(await db.Datasets.AnyAsync(d => d.Id == dataset.Id, Token));
    }

    [Fact]
    public async Task Create_SecondResultForSameRunArmAndQuery_IsRejected()
    {
        var dataset = await SaveDatasetAsync();
        var test = await SaveAsync(TestData.Test(dataset.Id, "a", "b"));
        var run = await SaveRunWithResultsAsync(test, dataset);

        await using var db = database.CreateContext();
        var duplicate = TestData.Result(test.Arms[0].Id, dataset.Queries[0].Id);
        duplicate.RunId = run.Id;
        db.QueryResults.Add(duplicate);
        await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync(Token));
    }

    [Fact]
    public async Task Update_RunProgressAndSummary_Persists()
    {
        var dataset = await SaveDatasetAsync();
        var test = await SaveAsync(TestData.Test(dataset.Id, "a", "b"));
        var run = await SaveRunWithResultsAsync(test, dataset);

        await using (var db = database.CreateContext())
        {
            var loaded = await db.Runs.SingleAsync(r => r.Id == run.Id, Token);
            loaded.Status = RunStatus.Completed;
            loaded.QueriesDone = loaded.QueriesTotal;
            loaded.SummaryJson = """{"arms":[]}""";
            loaded.CompletedAt = DateTime.UtcNow;
            await db.SaveChangesAsync(Token);
        }

        await using var read = database.CreateContext();
        var reloaded = await read.Runs.Include(r => r.Results).SingleAsync(r => r.Id == run.Id, Token);
        Assert.Equal(RunStatus.Completed, reloaded.Status);
        Assert.Equal(4, reloaded.Results.Count);
        Assert.NotNull(reloaded.CompletedAt);
    }

    private async Task<Dataset> SaveDatasetAsync()
    {
        await using var db = database.CreateContext();
        var dataset = TestData.Dataset();
        db.Datasets.Add(dataset);
        await db.SaveChangesAsync(Token);
        return dataset;
    }

    private async Task<AbTest> SaveAsync(AbTest test)
    {
        await using var db = database.CreateContext();
        db.Tests.Add(test);
        await db.SaveChangesAsync(Token);
        return test;
    }

    private async Task<Run> SaveRunWithResultsAsync(AbTest test, Dataset dataset)
    {
        await using var db = database.CreateContext();
        var run = new Run { TestId = test.Id, QueriesTotal = dataset.Queries.Count, StatisticsSeed = 42 };
        foreach (var arm in test.Arms)
        {
            foreach (var query in dataset.Queries)
            {
                run.Results.Add(TestData.Result(arm.Id, query.Id));
            }
        }

        db.Runs.Add(run);
        await db.SaveChangesAsync(Token);
        return run;
    }
}

public sealed class SqliteAbTestPersistenceTests(SqliteDatabaseFixture database)
    : AbTestPersistenceTests(database), IClassFixture<SqliteDatabaseFixture>;

public sealed class PostgresAbTestPersistenceTests(PostgresDatabaseFixture database)
    : AbTestPersistenceTests(database), IClassFixture<PostgresDatabaseFixture>;
