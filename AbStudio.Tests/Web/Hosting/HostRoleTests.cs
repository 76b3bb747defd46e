using System.Net;

namespace AbStudio.Tests.Web.Hosting;

public sealed class HostRoleTests
{
    [Fact]
    public async Task Worker_ServesHealthButNoConsoleOrHub()
    {
        await using var factory = new AbStudioWebFactory(new Dictionary<string, string> { ["Role"] = "worker" });
        using var client = factory.CreateAdminClient();

        using var health = await client.GetAsync(new Uri("/health", UriKind.Relative), TestContext.Current.CancellationToken);
        using var console = await client.GetAsync(new Uri("/", UriKind.Relative), TestContext.Current.CancellationToken);
        using var hub = await client.PostAsync(new Uri("/hubs/status/negotiate?negotiateVersion=1", UriKind.Relative), null, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, console.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, hub.StatusCode);
    }

    [Fact]
    public async Task Web_ServesTheConsoleAndTheHub()
    {
        await using var factory = new AbStudioWebFactory(new Dictionary<string, string> { ["Role"] = "web" });
        using var client = factory.CreateAdminClient();

        using var console = await client.GetAsync(new Uri("/", UriKind.Relative), TestContext.Current.CancellationToken);
        using var hub = await client.PostAsync(new Uri("/hubs/status/negotiate?negotiateVersion=1", UriKind.Relative), null, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, console.StatusCode);
        Assert.Equal(HttpStatusCode.OK, hub.StatusCode);
    }
}
