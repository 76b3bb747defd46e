using System.Net.Http.Json;
using System.Text.Json;
using AbStudio.Domain.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AbStudio.Tests.TestSupport;

/// <summary>
/// The real host for API contract tests: by default role <c>web</c> (API and console, no dispatcher,
/// so jobs stay where a test put them; <c>all</c> runs them), a fresh database with the demo dataset
/// seeded, and a client signed in as an admin.
/// </summary>
public sealed class ApiHost : IAsyncDisposable
{
    private readonly AbStudioWebFactory _factory;

    public ApiHost(IReadOnlyDictionary<string, string>? settings = null, string role = "web")
    {
        var all = new Dictionary<string, string>(settings ?? new Dictionary<string, string>()) { ["Role"] = role };
        _factory = new AbStudioWebFactory(all);
        Client = _factory.CreateAdminClient();
    }

    /// <summary>Signed in as an admin (<see cref="TestUsers.AdminName"/>) with a bearer token.</summary>
    public HttpClient Client { get; }

    public AbStudioWebFactory Factory => _factory;

    public IServiceProvider Services => _factory.Services;

    public string DataDirectory => _factory.DataDirectory;

    public async Task<AbStudioDbContext> DbAsync() =>
        await Services.GetRequiredService<IDbContextFactory<AbStudioDbContext>>().CreateDbContextAsync(TestContext.Current.CancellationToken);

    public async Task<(HttpResponseMessage Response, JsonElement Body)> GetAsync(string path)
    {
        var response = await Client.GetAsync(new Uri(path, UriKind.Relative), TestContext.Current.CancellationToken);
        return (response, await BodyAsync(response));
    }

    public async Task<(HttpResponseMessage Response, JsonElement Body)> SendAsync(HttpMethod method, string path, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative)) { Content = content };
        var response = await Client.SendAsync(request, TestContext.Current.CancellationToken);
        return (response, await BodyAsync(response));
    }

    public static async Task<JsonElement> BodyAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _factory.DisposeAsync();
    }
}

/// <summary>Checks shared by the API tests: problem documents and page envelopes.</summary>
internal static class ApiAssert
{
    public static void Problem(HttpResponseMessage response, JsonElement body, int status)
    {
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(status, body.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("title").GetString()));
    }

    public static void Page(JsonElement body, int page, int pageSize, int total, int items)
    {
        Assert.Equal(page, body.GetProperty("page").GetInt32());
        Assert.Equal(pageSize, body.GetProperty("pageSize").GetInt32());
        Assert.Equal(total, body.GetProperty("total").GetInt32());
        Assert.Equal(items, body.GetProperty("items").GetArrayLength());
    }

    public static IEnumerable<string> Strings(JsonElement items, string property) =>
        items.EnumerateArray().Select(i => i.GetProperty(property).ToString());

    public static HttpContent Json(object value) => JsonContent.Create(value);
}
