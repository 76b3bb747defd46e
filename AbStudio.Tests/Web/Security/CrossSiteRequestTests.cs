using System.Net;
using AbStudio.Identity;
using Microsoft.EntityFrameworkCore;

namespace AbStudio.Tests.Web.Security;

/// <summary>
/// A signed-in console user's browser, driven by another site: form-encoded and multipart POSTs with a
/// foreign Origin and no antiforgery token are refused and change nothing (checked in the database).
/// The cookie opens reads; changes through the API need a bearer token (docs/security.md).
/// </summary>
public sealed class CrossSiteRequestTests : IAsyncLifetime
{
    private const string UserName = "csrf-engineer";
    private readonly string _password = $"pw-{Guid.NewGuid():N}";
    private readonly ApiHost _host = new();
    private HttpClient _browser = null!;
    private Guid _testId;
    private Guid _jobId;

    public async ValueTask InitializeAsync()
    {
        await ConsoleSignIn.CreateUserAsync(_host.Services, UserName, _password, Roles.Engineer);
        _browser = await ConsoleSignIn.SignedInClientAsync(_host.Factory, UserName, _password);
        var (demoId, _) = await DemoDataset.FindAsync(_host.Factory);
        var (created, test) = await _host.SendAsync(HttpMethod.Post, "/api/v1/tests", TestDefinitions.Json(TestDefinitions.TwoArms(demoId)));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        _testId = test.GetProperty("id").GetGuid();
        var (started, _) = await _host.SendAsync(HttpMethod.Post, $"/api/v1/tests/{_testId}/runs");
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        await using var db = await _host.DbAsync();
        _jobId = await db.Jobs.Select(j => j.Id).FirstAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task SignedInCookie_OpensReads()
    {
        using var response = await _browser.GetAsync(new Uri("/api/v1/tests", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task ForeignFormPost_StartCancelRetryDelete_RefusedAndNothingChanges()
    {
        var before = await StateAsync();

        foreach (var path in new[] { $"/api/v1/tests/{_testId}/runs", $"/api/v1/tests/{_testId}/cancel", $"/api/v1/jobs/{_jobId}/cancel", $"/api/v1/jobs/{_jobId}/retry", $"/api/v1/tests/{_testId}/clone" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative))
            {
                Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["anything"] = "1" }),
            };
            request.Headers.Add("Origin", "http://evil.example");
            using var response = await _browser.SendAsync(request, TestContext.Current.CancellationToken);
            // 401: the cookie does not open changes; 415: an endpoint that takes no form refuses it even before that.
            Assert.True(response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.UnsupportedMediaType, $"{path} answered {(int)response.StatusCode}");
        }

        using var delete = new HttpRequestMessage(HttpMethod.Delete, new Uri($"/api/v1/tests/{_testId}", UriKind.Relative));
        delete.Headers.Add("Origin", "http://evil.example");
        Assert.Equal(HttpStatusCode.Unauthorized, (await _browser.SendAsync(delete, TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(before, await StateAsync());
    }

    [Fact]
    public async Task ForeignMultipartUpload_RefusedAndNoDatasetIsAdded()
    {
        var before = await StateAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/v1/datasets", UriKind.Relative)) { Content = TinyBeir.ZipForm() };
        request.Headers.Add("Origin", "http://evil.example");

        using var response = await _browser.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(before, await StateAsync());
    }

    [Fact]
    public async Task SignOutWithoutAntiforgeryToken_RefusedAndStillSignedIn()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/account/sign-out", UriKind.Relative)) { Content = new FormUrlEncodedContent([]) };
        request.Headers.Add("Origin", "http://evil.example");

        using var response = await _browser.SendAsync(request, TestContext.Current.CancellationToken);
        using var stillIn = await _browser.GetAsync(new Uri("/api/v1/tests", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, stillIn.StatusCode);
    }

    public async ValueTask DisposeAsync()
    {
        _browser.Dispose();
        await _host.DisposeAsync();
    }

    // What a forged request could change: datasets, tests, runs and jobs, with their statuses.
    private async Task<string> StateAsync()
    {
        await using var db = await _host.DbAsync();
        var ct = TestContext.Current.CancellationToken;
        var datasets = await db.Datasets.CountAsync(ct);
        var tests = string.Join(",", await db.Tests.OrderBy(t => t.Id).Select(t => t.Status).ToListAsync(ct));
        var runs = string.Join(",", await db.Runs.OrderBy(r => r.Id).Select(r => r.Status).ToListAsync(ct));
        var jobs = string.Join(",", await db.Jobs.OrderBy(j => j.Id).Select(j => $"{j.Status}:{j.CancelRequested}").ToListAsync(ct));
        return $"datasets {datasets}; tests {tests}; runs {runs}; jobs {jobs}";
    }
}
