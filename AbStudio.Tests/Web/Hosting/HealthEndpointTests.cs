using System.Net;
using System.Text.Json;

namespace AbStudio.Tests.Web.Hosting;

public sealed class HealthEndpointTests
{
    [Fact]
    public async Task Get_FreshSqliteHost_ReportsHealthyDatabaseWithSchemaUpToDate()
    {
        await using var factory = new AbStudioWebFactory();
        using var client = factory.CreateAdminClient();

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
    public async Task GetLive_DatabaseFileRemovedUnderneath_AnonymousGetsUnhealthyWith503AndNoDetail()
    {
        // The load balancer's probe: anonymous, so it still answers when no token can be checked.
        await using var factory = new AbStudioWebFactory();
        using var client = factory.CreateClient();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        File.Delete(Path.Combine(factory.DataDirectory, "abstudio.db"));

        using var response = await client.GetAsync(new Uri("/health/live", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("Unhealthy", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task GetDetailed_AnonymousOrNotAdmin_IsRefusedAndLiveNamesNothing()
    {
        await using var factory = new AbStudioWebFactory();
        using var anonymous = factory.CreateClient();
        using var engineer = factory.CreateClientWith(await TestUsers.TokenAsync(factory.Services, "engineer", AbStudio.Identity.Roles.Engineer));

        using var anonymousDetail = await anonymous.GetAsync(new Uri("/health", UriKind.Relative), TestContext.Current.CancellationToken);
        using var engineerDetail = await engineer.GetAsync(new Uri("/health", UriKind.Relative), TestContext.Current.CancellationToken);
        var live = await anonymous.GetStringAsync(new Uri("/health/live", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymousDetail.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, engineerDetail.StatusCode);
        Assert.Equal("Healthy", live);
    }
}
