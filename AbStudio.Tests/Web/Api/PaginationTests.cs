using System.Net;
using AbStudio.Tests.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AbStudio.Tests.Web.Api;

/// <summary>One API host per provider, shared by the paging tests (they only read).</summary>
public abstract class PagingHostFixture : IAsyncLifetime
{
    public ApiHost Host { get; private set; } = null!;

    public Guid DemoId { get; private set; }

    public async ValueTask InitializeAsync()
    {
        Host = new ApiHost(await SettingsAsync());
        (DemoId, _) = await DemoDataset.FindAsync(Host.Factory);
    }

    public virtual async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    protected abstract Task<IReadOnlyDictionary<string, string>?> SettingsAsync();
}

public sealed class SqlitePagingHostFixture : PagingHostFixture
{
    protected override Task<IReadOnlyDictionary<string, string>?> SettingsAsync() => Task.FromResult<IReadOnlyDictionary<string, string>?>(null);
}

public sealed class PostgresPagingHostFixture : PagingHostFixture
{
    private readonly PostgresDatabaseFixture _database = new();

    protected override async Task<IReadOnlyDictionary<string, string>?> SettingsAsync()
    {
        await _database.InitializeAsync();
        return new Dictionary<string, string> { ["Database:Provider"] = "Postgres", ["Database:ConnectionString"] = _database.ConnectionString };
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await _database.DisposeAsync();
    }
}

/// <summary>The pagination contract, on the demo dataset's 201 documents, for each database provider.</summary>
public abstract class PaginationTests(PagingHostFixture fixture)
{
    private const int DemoDocuments = 201;

    private string Documents => $"/api/v1/datasets/{fixture.DemoId}/documents";

    [Fact]
    public async Task List_NoPagingParameters_FirstPageOfFiftyWithTotal()
    {
        var (response, body) = await fixture.Host.GetAsync(Documents);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        ApiAssert.Page(body, page: 1, pageSize: 50, total: DemoDocuments, items: 50);
    }

    [Theory]
    [InlineData("page=0", "page")]
    [InlineData("page=-1", "page")]
    [InlineData("pageSize=0", "pageSize")]
    [InlineData("pageSize=-5", "pageSize")]
    [InlineData("pageSize=501", "pageSize")]
    public async Task List_OutOfRange_ValidationProblemNamingParameterAndRange(string query, string parameter)
    {
        var (response, body) = await fixture.Host.GetAsync($"{Documents}?{query}");

        ApiAssert.Problem(response, body, 400);
        var message = Assert.Single(body.GetProperty("errors").GetProperty(parameter).EnumerateArray()).GetString()!;
        Assert.Contains(parameter == "page" ? "1 or more" : "between 1 and 500", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_PageSizeAtMaximum_Accepted()
    {
        var (response, body) = await fixture.Host.GetAsync($"{Documents}?pageSize=500");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        ApiAssert.Page(body, page: 1, pageSize: 500, total: DemoDocuments, items: DemoDocuments);
    }

    [Theory]
    [InlineData(5, 1)]
    [InlineData(6, 0)]
    [InlineData(2147483647, 0)]
    public async Task List_LastPageAndBeyond_RemainderOrEmptyWithTotal(int page, int items)
    {
        var (response, body) = await fixture.Host.GetAsync($"{Documents}?page={page}&pageSize=50");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        ApiAssert.Page(body, page, pageSize: 50, total: DemoDocuments, items);
    }

    [Fact]
    public async Task List_WalkAllPages_EveryRowOnceInDatabaseOrder()
    {
        var seen = new List<string>();
        for (var page = 1; page <= 5; page++)
        {
            var (_, body) = await fixture.Host.GetAsync($"{Documents}?page={page}&pageSize=43");
            seen.AddRange(ApiAssert.Strings(body.GetProperty("items"), "externalId"));
        }

        await using var db = await fixture.Host.DbAsync();
        var expected = await db.Documents.Where(d => d.DatasetId == fixture.DemoId).OrderBy(d => d.Id).Select(d => d.ExternalId)
            .ToListAsync(TestContext.Current.CancellationToken);
        Assert.Equal(expected, seen);
    }

    [Fact]
    public async Task List_PageNotANumber_ProblemNamingTheParameter()
    {
        var (response, body) = await fixture.Host.GetAsync($"{Documents}?page=abc");

        ApiAssert.Problem(response, body, 400);
        Assert.Contains("page", body.GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
    }
}

public sealed class SqlitePaginationTests(SqlitePagingHostFixture fixture) : PaginationTests(fixture), IClassFixture<SqlitePagingHostFixture>;

public sealed class PostgresPaginationTests(PostgresPagingHostFixture fixture) : PaginationTests(fixture), IClassFixture<PostgresPagingHostFixture>;
