using System.Net;

namespace AbStudio.Tests.Web.Hosting;

public sealed class LandingPageTests
{
    [Fact]
    public async Task Get_Root_RendersTheMudBlazorShellWithTheDashboard()
    {
        await using var factory = new AbStudioWebFactory();
        using var client = factory.CreateAdminClient();

        var html = await client.GetStringAsync(new Uri("/", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Contains("mud-layout", html, StringComparison.Ordinal);
        Assert.Contains("<h1", html, StringComparison.Ordinal);
        Assert.Contains("Dashboard", html, StringComparison.Ordinal);
        Assert.Contains("Running and recent tests", html, StringComparison.Ordinal);
        Assert.Contains("_content/MudBlazor/MudBlazor.min", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_UnknownPage_Returns404WithTheNotFoundPage()
    {
        await using var factory = new AbStudioWebFactory();
        using var client = factory.CreateAdminClient();

        using var response = await client.GetAsync(new Uri("/no-such-page", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("Nothing here", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }
}
