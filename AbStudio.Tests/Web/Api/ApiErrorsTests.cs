using System.Net;

namespace AbStudio.Tests.Web.Api;

/// <summary>Everything under /api answers with problem details, never the console's HTML pages.</summary>
public sealed class ApiErrorsTests : IAsyncLifetime
{
    private ApiHost _host = null!;

    public ValueTask InitializeAsync()
    {
        _host = new ApiHost();
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    [Theory]
    [InlineData("/api/v1/nothing-here")]
    [InlineData("/api/v2/datasets")]
    [InlineData("/api/v1/datasets/not-a-guid")]
    public async Task Get_UnknownPath_404ProblemNotHtml(string path)
    {
        var (response, body) = await _host.GetAsync(path);

        ApiAssert.Problem(response, body, 404);
        Assert.Contains("/api/reference", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Put_OnList_405Problem()
    {
        var (response, body) = await _host.SendAsync(HttpMethod.Put, "/api/v1/jobs", ApiAssert.Json(new { }));

        ApiAssert.Problem(response, body, 405);
    }

    [Fact]
    public async Task Get_StatusFilterNotAStatus_400ProblemNamingTheParameter()
    {
        var (response, body) = await _host.GetAsync("/api/v1/jobs?status=sleeping");

        ApiAssert.Problem(response, body, 400);
        Assert.Contains("pending, running, succeeded, failed, cancelled", body.GetProperty("errors").GetProperty("status")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_ConsolePage_StillHtml()
    {
        var (response, _) = (await _host.Client.GetAsync(new Uri("/no-such-page", UriKind.Relative), TestContext.Current.CancellationToken), 0);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
    }
}
