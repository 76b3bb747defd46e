using AbStudio.Domain.Datasets.Import;
using AbStudio.Tests.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AbStudio.Tests.Domain.Datasets.Import;

/// <summary>
/// Every malformed dataset fails with exactly its expected problems and leaves every dataset table
/// as it was, on each provider: the import is one transaction, even after batches were written.
/// </summary>
public abstract class DatasetImportFailureTests(DatabaseFixture database)
{
    public static TheoryData<string> CaseNames => [.. MalformedDatasets.Cases.Keys];

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task ImportAsync_MalformedDataset_ReportsExactProblemsAndWritesNothing(string caseName)
    {
        var malformed = MalformedDatasets.Cases[caseName];
        using var folder = malformed.Write();
        var importer = new DatasetImporter(new FixtureContextFactory(database), malformed.EffectiveLimits);
        var before = await CountRowsAsync();

        var failure = await Assert.ThrowsAsync<DatasetImportException>(
            () => importer.ImportAsync(new DatasetImportRequest(folder.Path, malformed.Format), TestContext.Current.CancellationToken));

        Assert.Equal(malformed.Expected, failure.Errors.Select(e => e.ToString()));
        Assert.Equal(before, await CountRowsAsync());
    }

    [Fact]
    public async Task ImportAsync_ValidDatasetAfterFailures_IsStored()
    {
        using var folder = MalformedDatasets.Cases["DuplicateJudgment"].Write();
        File.WriteAllText(Path.Combine(folder.Path, "qrels", "test.tsv"), "query-id\tcorpus-id\tscore\nq1\td1\t1\n");
        var importer = new DatasetImporter(new FixtureContextFactory(database), new DatasetImportLimits());
        var before = await CountRowsAsync();

        var result = await importer.ImportAsync(new DatasetImportRequest(folder.Path), TestContext.Current.CancellationToken);

        Assert.Equal((before.Datasets + 1, before.Documents + 3, before.Queries + 2, before.Judgments + 1), await CountRowsAsync());
        Assert.Equal((3, 2, 1), (result.Documents, result.Queries, result.Judgments));
    }

    private async Task<(int Datasets, int Documents, int Queries, int Judgments)> CountRowsAsync()
    {
        await using var db = database.CreateContext();
        var ct = TestContext.Current.CancellationToken;
        return (await db.Datasets.CountAsync(ct), await db.Documents.CountAsync(ct), await db.Queries.CountAsync(ct), await db.Judgments.CountAsync(ct));
    }
}

public sealed class SqliteDatasetImportFailureTests(SqliteDatabaseFixture database)
    : DatasetImportFailureTests(database), IClassFixture<SqliteDatabaseFixture>;

public sealed class PostgresDatasetImportFailureTests(PostgresDatabaseFixture database)
    : DatasetImportFailureTests(database), IClassFixture<PostgresDatabaseFixture>;
