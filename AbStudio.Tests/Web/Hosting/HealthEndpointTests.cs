using System.Net;
using System.Text.Json;

namespace AbStudio.Tests.Web.Hosting;

public sealed class HealthEndpointTests
{
    [Fact]
    public async Task Get_FreshSqliteHost_ReportsHealthyDatabaseWithSchemaUpToDate()
    {
        await using var factory = new AbStudioWebFactory();
        using var client = factory.CreateClient();

        using var response = await client.GetAsync(new Uri("/health", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var report = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal("Healthy", report.RootElement.GetProperty("status").GetString());
        var database = Assert.Single(report.RootElement.GetProperty("checks").EnumerateArray());
        Assert.Equal("database", database.GetProperty("name").GetString());
        Assert.Contains("schema up to date", database.GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(factory.DataDirectory, "abstudio.db")));
    }

    [Fact]
    public async Task Get_DatabaseFileRemovedUnderneath_ReportsUnhealthyWith503()
    {
        await using var factory = new AbStudioWebFactory();
        using var client = factory.CreateClient();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        File.Delete(Path.Combine(factory.DataDirectory, "abstudio.db"));

        using var response = await client.GetAsync(new Uri("/health", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("Unhealthy", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }
}
