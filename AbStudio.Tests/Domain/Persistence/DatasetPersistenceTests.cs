using AbStudio.Domain.Datasets;
using Microsoft.EntityFrameworkCore;

namespace AbStudio.Tests.Domain.Persistence;

/// <summary>Datasets with their documents, queries and judgments: create, update, delete, constraints.</summary>
public abstract class DatasetPersistenceTests(DatabaseFixture database)
{
    [Fact]
    public async Task Create_WithDocumentsQueriesAndJudgments_RoundTrips()
    {
        var dataset = TestData.Dataset();
        await using (var db = database.CreateContext())
        {
            db.Datasets.Add(dataset);
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
            db.Judgments.Add(new Judgment { DatasetId = dataset.Id, Split = "test", QueryId = dataset.Queries[0].Id, DocumentId = dataset.Documents[1].Id, Grade = 2 });
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        await using var read = database.CreateContext();
        var loaded = await read.Datasets.Include(d => d.Documents).Include(d => d.Queries).Include(d => d.Judgments)
            .SingleAsync(d => d.Id == dataset.Id, TestContext.Current.CancellationToken);
        Assert.Equal(dataset.Name, loaded.Name);
        Assert.Equal(["d0", "d1"], loaded.Documents.Select(d => d.ExternalId).Order());
        Assert.Equal(["q0", "q1"], loaded.Queries.Select(q => q.ExternalId).Order());
        var judgment = Assert.Single(loaded.Judgments);
        Assert.Equal(2, judgment.Grade);
        Assert.Equal(DateTimeKind.Utc, loaded.CreatedAt.Kind);
        Assert.Equal(dataset.CreatedAt, loaded.CreatedAt, TimeSpan.FromMilliseconds(1));
    }

    [Fact]
    public async Task Update_NameAndDocumentText_Persists()
    {
        var dataset = await SaveAsync(TestData.Dataset());
        await using (var db = database.CreateContext())
        {
            var loaded = await db.Datasets.Include(d => d.Documents).SingleAsync(d => d.Id == dataset.Id, TestContext.Current.CancellationToken);
            loaded.Name = "renamed " + dataset.Name;
            loaded.Documents[0].Text = "changed text";
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        await using var read = database.CreateContext();
        Assert.Equal("renamed " + dataset.Name, (await read.Datasets.FindAsync([dataset.Id], TestContext.Current.CancellationToken))!.Name);
        Assert.True(await read.Documents.AnyAsync(d => d.DatasetId == dataset.Id && d.Text == "changed text", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Delete_Dataset_CascadesToDocumentsQueriesAndJudgmentsInTheDatabase()
    {
        var dataset = await SaveAsync(TestData.Dataset());
        await AddJudgmentAsync(dataset, grade: 1);

        // A fresh context that loads nothing: the database itself must cascade.
        await using (var db = database.CreateContext())
        {
            await db.Datasets.Where(d => d.Id == dataset.Id).ExecuteDeleteAsync(TestContext.Current.CancellationToken);
        }

        await using var read = database.CreateContext();
        Assert.False(await read.Documents.AnyAsync(d => d.DatasetId == dataset.Id, TestContext.Current.CancellationToken));
        Assert.False(await read.Queries.AnyAsync(q => q.DatasetId == dataset.Id, TestContext.Current.CancellationToken));
        Assert.False(await read.Judgments.AnyAsync(j => j.DatasetId == dataset.Id, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Delete_Document_CascadesToItsJudgmentsOnly()
    {
        var dataset = await SaveAsync(TestData.Dataset());
        await AddJudgmentAsync(dataset, grade: 1);

        await using (var db = database.CreateContext())
        {
            await db.Documents.Where(d => d.Id == dataset.Documents[0].Id).ExecuteDeleteAsync(TestContext.Current.CancellationToken);
        }

        await using var read = database.CreateContext();
        Assert.False(await read.Judgments.AnyAsync(j => j.DatasetId == dataset.Id, TestContext.Current.CancellationToken));
        Assert.Equal(2, await read.Queries.CountAsync(q => q.DatasetId == dataset.Id, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Create_DuplicateDocumentIdInOneDataset_IsRejected()
    {
        var dataset = TestData.Dataset();
        dataset.Documents.Add(new Document { ExternalId = "d0", Text = "again" });

        await using var db = database.CreateContext();
        db.Datasets.Add(dataset);
        await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Create_SameDocumentIdInTwoDatasets_IsAllowed()
    {
        var first = await SaveAsync(TestData.Dataset());
        var second = await SaveAsync(TestData.Dataset());

        await using var read = database.CreateContext();
        Assert.Equal(2, await read.Documents.CountAsync(d => d.ExternalId == "d0" && (d.DatasetId == first.Id || d.DatasetId == second.Id), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Create_SecondJudgmentForSameSplitQueryAndDocument_IsRejected()
    {
        var dataset = await SaveAsync(TestData.Dataset());
        await AddJudgmentAsync(dataset, grade: 1);

        await Assert.ThrowsAsync<DbUpdateException>(() => AddJudgmentAsync(dataset, grade: 2));
    }

    [Fact]
    public async Task Create_JudgmentForDocumentOfNoDataset_IsRejectedByForeignKey()
    {
        var dataset = await SaveAsync(TestData.Dataset());

        await using var db = database.CreateContext();
        db.Judgments.Add(new Judgment { DatasetId = dataset.Id, Split = "test", QueryId = dataset.Queries[0].Id, DocumentId = long.MaxValue, Grade = 1 });
        await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync(TestContext.Current.CancellationToken));
    }

    private async Task<Dataset> SaveAsync(Dataset dataset)
    {
        await using var db = database.CreateContext();
        db.Datasets.Add(dataset);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        return dataset;
    }

    private async Task AddJudgmentAsync(Dataset dataset, int grade)
    {
        await using var db = database.CreateContext();
        db.Judgments.Add(new Judgment { DatasetId = dataset.Id, Split = "test", QueryId = dataset.Queries[0].Id, DocumentId = dataset.Documents[0].Id, Grade = grade });
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
    }
}

public sealed class SqliteDatasetPersistenceTests(SqliteDatabaseFixture database)
    : DatasetPersistenceTests(database), IClassFixture<SqliteDatabaseFixture>;

public sealed class PostgresDatasetPersistenceTests(PostgresDatabaseFixture database)
    : DatasetPersistenceTests(database), IClassFixture<PostgresDatabaseFixture>;
