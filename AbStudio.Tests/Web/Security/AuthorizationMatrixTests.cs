using System.Net;
using System.Text.Json;
using AbStudio.Identity;
using AbStudio.Tests.Domain.Persistence;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace AbStudio.Tests.Web.Security;

/// <summary>
/// Two teams' resources in one real host (role <c>all</c>, so their runs really ran), and a token for
/// each actor of the matrix, every one a real user made through <c>token create</c>'s use case.
/// </summary>
public abstract class MatrixHostFixture : IAsyncLifetime
{
    public ApiHost Host { get; private set; } = null!;

    public IReadOnlyDictionary<string, string> Tokens { get; private set; } = null!;

    /// <summary>Team A's resources (what the other team must not see) and team B's (what the admin acts on).</summary>
    public TeamResources A { get; private set; } = null!;

    public TeamResources B { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var settings = new Dictionary<string, string>(await SettingsAsync() ?? new Dictionary<string, string>());
        Host = new ApiHost(settings, role: "all");
        Tokens = new Dictionary<string, string>
        {
            [Actors.Viewer] = await TestUsers.TokenAsync(Host.Services, "viewer-a", Roles.Viewer, "team-a"),
            [Actors.EngineerA] = await TestUsers.TokenAsync(Host.Services, "engineer-a", Roles.Engineer, "team-a"),
            [Actors.EngineerB] = await TestUsers.TokenAsync(Host.Services, "engineer-b", Roles.Engineer, "team-b"),
            [Actors.Admin] = await TestUsers.TokenAsync(Host.Services, "admin-x", Roles.Admin, "team-x"),
        };
        A = await TeamResources.CreateAsync(this, Tokens[Actors.EngineerA]);
        B = await TeamResources.CreateAsync(this, Tokens[Actors.EngineerB]);
    }

    public HttpClient ClientFor(string actor) =>
        actor == Actors.Anonymous ? Host.Factory.CreateClient() : Host.Factory.CreateClientWith(Tokens[actor]);

    public virtual async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    protected abstract Task<IReadOnlyDictionary<string, string>?> SettingsAsync();
}

public sealed class SqliteMatrixHostFixture : MatrixHostFixture
{
    protected override Task<IReadOnlyDictionary<string, string>?> SettingsAsync() => Task.FromResult<IReadOnlyDictionary<string, string>?>(null);
}

public sealed class PostgresMatrixHostFixture : MatrixHostFixture
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

public static class Actors
{
    public const string Anonymous = "anonymous";
    public const string Viewer = "viewer of team A";
    public const string EngineerA = "engineer of team A";
    public const string EngineerB = "engineer of team B";
    public const string Admin = "admin";

    public static readonly string[] All = [Anonymous, Viewer, EngineerB, EngineerA, Admin];
}

/// <summary>A team's dataset (with a completed test, run, collection and job on it), plus a spare dataset and test to delete.</summary>
public sealed record TeamResources(Guid Dataset, Guid Test, Guid Run, Guid Collection, Guid Job, Guid SpareDataset, Guid SpareTest)
{
    public static async Task<TeamResources> CreateAsync(MatrixHostFixture fixture, string token)
    {
        using var client = fixture.Host.Factory.CreateClientWith(token);
        var dataset = await UploadAsync(client);
        var spareDataset = await UploadAsync(client);
        var test = await PostJsonAsync(client, "/api/v1/tests", TestDefinitions.TwoArms(dataset, name: $"matrix {Guid.NewGuid():N}"));
        var spareTest = await PostJsonAsync(client, "/api/v1/tests", TestDefinitions.TwoArms(dataset, name: $"spare {Guid.NewGuid():N}"));
        using var started = await client.PostAsync(new Uri($"/api/v1/tests/{test}/runs", UriKind.Relative), null, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var run = (await ApiHost.BodyAsync(started)).GetProperty("runId").GetGuid();
        var deadline = DateTime.UtcNow.AddMinutes(2);
        JsonElement body;
        do
        {
            await Task.Delay(200, TestContext.Current.CancellationToken);
            using var response = await client.GetAsync(new Uri($"/api/v1/runs/{run}", UriKind.Relative), TestContext.Current.CancellationToken);
            body = await ApiHost.BodyAsync(response);
            Assert.True(DateTime.UtcNow < deadline, $"run did not end: {body}");
        }
        while (body.GetProperty("status").GetString() is not ("completed" or "failed" or "cancelled"));
        Assert.Equal("completed", body.GetProperty("status").GetString());

        await using var db = await fixture.Host.DbAsync();
        var collection = db.Runs.Where(r => r.Id == run).SelectMany(r => r.Test!.Arms).Where(a => a.CollectionId != null).Select(a => a.CollectionId!.Value).First();
        var job = db.Jobs.Where(j => j.SubjectId == run).Select(j => j.Id).First();
        return new TeamResources(dataset, test, run, collection, job, spareDataset, spareTest);
    }

    private static async Task<Guid> UploadAsync(HttpClient client)
    {
        using var form = TinyBeir.ZipForm(fields: new Dictionary<string, string> { ["name"] = $"tiny {Guid.NewGuid():N}" });
        using var response = await client.PostAsync(new Uri("/api/v1/datasets", UriKind.Relative), form, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await ApiHost.BodyAsync(response)).GetProperty("id").GetGuid();
    }

    private static async Task<Guid> PostJsonAsync(HttpClient client, string path, string json)
    {
        using var content = TestDefinitions.Json(json);
        using var response = await client.PostAsync(new Uri(path, UriKind.Relative), content, TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        return (await ApiHost.BodyAsync(response)).GetProperty("id").GetGuid();
    }
}

/// <summary>
/// Every <c>/api/v1</c> endpoint, enumerated from the host's endpoint data source (a new endpoint
/// missing from <see cref="Cases"/> fails), × anonymous, a Viewer and an Engineer of team A, an
/// Engineer of team B (on team A's resources) and an admin (on team B's), against the statuses
/// docs/security.md promises: 401 without a token, 403 for a role that may not, 404 for another
/// team's resource, and the endpoint's own answer for those who may.
/// </summary>
public abstract class AuthorizationMatrixTests(MatrixHostFixture fixture)
{
    // A test on another team's dataset is a problem at dataset.id, worded as for an id that does not exist.
    private const int BadRequest = 400, Unauthorized = 401, Forbidden = 403, NotFound = 404;

    /// <summary>One endpoint: a request for the resources it acts on, and what each allowed actor may get.</summary>
    private sealed record Case(string Method, string Pattern, Func<TeamResources, string> Path, int[] Allowed, Func<TeamResources, HttpContent?>? Body = null, bool Write = false, bool Creates = false, bool AdminOnly = false);

    private static readonly int[] Ok = [200];

    // Order matters only for what changes state: reads first, then actions, deletions last.
    private static readonly Case[] Cases =
    [
        new("GET", "/api/v1/datasets/", _ => "/api/v1/datasets", Ok),
        new("GET", "/api/v1/datasets/{id:guid}", r => $"/api/v1/datasets/{r.Dataset}", Ok),
        new("GET", "/api/v1/datasets/{id:guid}/documents", r => $"/api/v1/datasets/{r.Dataset}/documents", Ok),
        new("GET", "/api/v1/datasets/{id:guid}/queries", r => $"/api/v1/datasets/{r.Dataset}/queries", Ok),
        new("GET", "/api/v1/datasets/{id:guid}/judgments", r => $"/api/v1/datasets/{r.Dataset}/judgments", Ok),
        new("GET", "/api/v1/collections/", _ => "/api/v1/collections", Ok),
        new("GET", "/api/v1/collections/{id:guid}", r => $"/api/v1/collections/{r.Collection}", Ok),
        new("GET", "/api/v1/jobs/", _ => "/api/v1/jobs", Ok),
        new("GET", "/api/v1/jobs/{id:guid}", r => $"/api/v1/jobs/{r.Job}", Ok),
        new("GET", "/api/v1/tests/", _ => "/api/v1/tests", Ok),
        new("GET", "/api/v1/tests/{id:guid}", r => $"/api/v1/tests/{r.Test}", Ok),
        new("GET", "/api/v1/tests/{id:guid}/arms", r => $"/api/v1/tests/{r.Test}/arms", Ok),
        new("GET", "/api/v1/runs/{runId:guid}", r => $"/api/v1/runs/{r.Run}", Ok),
        new("GET", "/api/v1/runs/{runId:guid}/summary", r => $"/api/v1/runs/{r.Run}/summary", Ok),
        new("GET", "/api/v1/runs/{runId:guid}/significance", r => $"/api/v1/runs/{r.Run}/significance", Ok),
        new("GET", "/api/v1/runs/{runId:guid}/results", r => $"/api/v1/runs/{r.Run}/results", Ok),
        new("GET", "/api/v1/runs/{runId:guid}/queries/{queryId}", r => $"/api/v1/runs/{r.Run}/queries/q1", Ok),
        new("GET", "/api/v1/runs/{runId:guid}/exports/{format}", r => $"/api/v1/runs/{r.Run}/exports/json", Ok),
        new("POST", "/api/v1/datasets/", _ => "/api/v1/datasets", [201], _ => TinyBeir.ZipForm(fields: new Dictionary<string, string> { ["name"] = $"matrix upload {Guid.NewGuid():N}" }), Write: true, Creates: true),
        new("POST", "/api/v1/tests/", _ => "/api/v1/tests", [201], r => TestDefinitions.Json(TestDefinitions.TwoArms(r.Dataset, name: $"matrix create {Guid.NewGuid():N}")), Write: true, Creates: true),
        new("POST", "/api/v1/tests/{id:guid}/clone", r => $"/api/v1/tests/{r.Test}/clone", [201], Write: true),
        new("POST", "/api/v1/tests/{id:guid}/runs", r => $"/api/v1/tests/{r.Test}/runs", [202, 409], Write: true),
        new("POST", "/api/v1/tests/{id:guid}/cancel", r => $"/api/v1/tests/{r.Test}/cancel", [200, 202, 409], Write: true),
        new("POST", "/api/v1/tests/{id:guid}/retry", r => $"/api/v1/tests/{r.Test}/retry", [202, 409], Write: true),
        new("POST", "/api/v1/jobs/{id:guid}/cancel", r => $"/api/v1/jobs/{r.Job}/cancel", [200, 409], Write: true),
        new("POST", "/api/v1/jobs/{id:guid}/retry", r => $"/api/v1/jobs/{r.Job}/retry", [200, 409], Write: true),
        new("POST", "/api/v1/datasets/{id:guid}/share", r => $"/api/v1/datasets/{r.Dataset}/share", Ok, Write: true, AdminOnly: true),
        new("POST", "/api/v1/datasets/{id:guid}/unshare", r => $"/api/v1/datasets/{r.Dataset}/unshare", Ok, Write: true, AdminOnly: true),
        new("DELETE", "/api/v1/tests/{id:guid}", r => $"/api/v1/tests/{r.SpareTest}", [204], Write: true),
        new("DELETE", "/api/v1/collections/{id:guid}", r => $"/api/v1/collections/{r.Collection}", [204, 409], Write: true),
        new("DELETE", "/api/v1/datasets/{id:guid}", r => $"/api/v1/datasets/{r.SpareDataset}", [204], Write: true),
    ];

    [Fact]
    public void EveryApiEndpoint_IsInTheMatrix()
    {
        var mapped = fixture.Host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/v1", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["*"]).Select(m => $"{m} {Normalize(e.RoutePattern.RawText!)}"))
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.Equal(Cases.Select(c => $"{c.Method} {Normalize(c.Pattern)}").Order(StringComparer.Ordinal), mapped);
    }

    [Fact]
    public void EveryApiEndpoint_NamesAPolicyByItsMethod()
    {
        var endpoints = fixture.Host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/v1", StringComparison.Ordinal) == true);
        foreach (var endpoint in endpoints)
        {
            var reads = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods.All(m => m is "GET" or "HEAD");
            var policies = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).ToList();
            Assert.Contains(reads ? "Read" : "ApiWrite", policies);
            Assert.Null(endpoint.Metadata.GetMetadata<IAllowAnonymous>());
        }
    }

    [Fact]
    public async Task EveryEndpoint_EveryActor_GetsTheStatusDocsSecurityPromises()
    {
        var mismatches = new List<string>();
        foreach (var @case in Cases)
        {
            foreach (var actor in Actors.All)
            {
                // The admin acts on team B's resources (crossing teams); everyone else on team A's.
                var target = actor == Actors.Admin ? fixture.B : fixture.A;
                var expected = Expected(@case, actor);
                using var client = fixture.ClientFor(actor);
                using var request = new HttpRequestMessage(new HttpMethod(@case.Method), new Uri(@case.Path(target), UriKind.Relative)) { Content = @case.Body?.Invoke(target) };
                using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
                var status = (int)response.StatusCode;
                if (!expected.Contains(status))
                {
                    var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
                    mismatches.Add($"{@case.Method} {@case.Path(target)} as {actor}: {status}, expected {string.Join(" or ", expected)}. {body[..Math.Min(body.Length, 600)]}");
                }
            }
        }

        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
    }

    private static int[] Expected(Case @case, string actor) => actor switch
    {
        Actors.Anonymous => [Unauthorized],
        Actors.Viewer => @case.Write ? [Forbidden] : @case.Allowed,

        // Another team's resource is answered as missing; its lists and its own creations are its own.
        Actors.EngineerB => @case.Method == "GET" && !@case.Pattern.Contains('{', StringComparison.Ordinal) ? @case.Allowed
            : @case.Creates && @case.Pattern.EndsWith("datasets/", StringComparison.Ordinal) ? @case.Allowed
            : @case.Creates ? [BadRequest]
            : [NotFound],
        Actors.EngineerA when @case.AdminOnly => [Forbidden],
        _ => @case.Allowed,
    };

    private static string Normalize(string pattern) => pattern.TrimEnd('/');
}

public sealed class SqliteAuthorizationMatrixTests(SqliteMatrixHostFixture fixture) : AuthorizationMatrixTests(fixture), IClassFixture<SqliteMatrixHostFixture>;

public sealed class PostgresAuthorizationMatrixTests(PostgresMatrixHostFixture fixture) : AuthorizationMatrixTests(fixture), IClassFixture<PostgresMatrixHostFixture>;

/// <summary>
/// Every console page, enumerated from the host's endpoints: anonymous is sent to sign in, another
/// team's item is "not found" (its name never shows), a Viewer does not get the admins' page; and the
/// hub refuses anonymous connections and another team's Watch.
/// </summary>
public abstract class PageAndHubAuthorizationTests(MatrixHostFixture fixture)
{
    private static readonly string[] AnonymousPages = ["/account/sign-in", "/error", "/not-found"];

    private IEnumerable<string> PageRoutes() =>
        fixture.Host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.Components.Endpoints.ComponentTypeMetadata>() is not null)
            .Select(e => "/" + e.RoutePattern.RawText!.TrimStart('/'))
            .Distinct()
            .Order(StringComparer.Ordinal);

    private static string Concrete(string route, TeamResources r) => route
        .Replace("{Id:guid}/results/queries/{QueryId}", $"{r.Test}/results/queries/q1", StringComparison.Ordinal)
        .Replace("/tests/{Id:guid}", $"/tests/{r.Test}", StringComparison.Ordinal)
        .Replace("/datasets/{Id:guid}", $"/datasets/{r.Dataset}", StringComparison.Ordinal)
        .Replace("/collections/{Id:guid}", $"/collections/{r.Collection}", StringComparison.Ordinal)
        .Replace("/jobs/{Id:guid}", $"/jobs/{r.Job}", StringComparison.Ordinal);

    [Fact]
    public async Task EveryPage_Anonymous_IsSentToSignIn()
    {
        using var anonymous = fixture.Host.Factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var routes = PageRoutes().ToList();
        Assert.Contains("/tests/{Id:guid}", routes);
        foreach (var route in routes.Except(AnonymousPages))
        {
            using var response = await anonymous.GetAsync(new Uri(Concrete(route, fixture.A), UriKind.Relative), TestContext.Current.CancellationToken);
            Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{route}: {(int)response.StatusCode}");
            Assert.StartsWith("/account/sign-in", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task ItemPages_AnotherTeam_ShowNotFoundAndNeverTheItem()
    {
        using var owner = fixture.ClientFor(Actors.EngineerA);
        using var other = fixture.ClientFor(Actors.EngineerB);
        await using var db = await fixture.Host.DbAsync();
        var testName = db.Tests.Where(t => t.Id == fixture.A.Test).Select(t => t.Name).Single();
        foreach (var route in PageRoutes().Where(r => r.Contains('{', StringComparison.Ordinal)))
        {
            var path = Concrete(route, fixture.A);
            var mine = await owner.GetStringAsync(new Uri(path, UriKind.Relative), TestContext.Current.CancellationToken);
            var theirs = await other.GetStringAsync(new Uri(path, UriKind.Relative), TestContext.Current.CancellationToken);
            Assert.DoesNotContain("not found", mine, StringComparison.OrdinalIgnoreCase);
            Assert.True(theirs.Contains("not found", StringComparison.OrdinalIgnoreCase), $"{path} as another team: {theirs[^Math.Min(theirs.Length, 3000)..]}");
            Assert.DoesNotContain(testName, theirs, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task SystemPage_SignedInViewer_IsSentToNotAllowedAndAdminSeesIt()
    {
        var password = $"pw-{Guid.NewGuid():N}";
        await ConsoleSignIn.CreateUserAsync(fixture.Host.Services, "page-viewer", password, Roles.Viewer, "team-a");
        using var viewer = await ConsoleSignIn.SignedInClientAsync(fixture.Host.Factory, "page-viewer", password);
        using var admin = fixture.ClientFor(Actors.Admin);

        using var refused = await viewer.GetAsync(new Uri("/system", UriKind.Relative), TestContext.Current.CancellationToken);
        var denied = await viewer.GetStringAsync(new Uri("/account/denied", UriKind.Relative), TestContext.Current.CancellationToken);
        using var shown = await admin.GetAsync(new Uri("/system", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.StartsWith("/account/denied", refused.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        Assert.Contains("Not allowed", denied, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, shown.StatusCode);
    }

    [Fact]
    public async Task Hub_AnonymousConnect_IsRefusedAndAnotherTeamsWatchToo()
    {
        var anonymous = StatusHubClient.Connect(fixture.Host.Factory, token: "");
        await Assert.ThrowsAnyAsync<Exception>(() => anonymous.StartAsync(TestContext.Current.CancellationToken));
        await anonymous.DisposeAsync();

        await using var other = StatusHubClient.Connect(fixture.Host.Factory, fixture.Tokens[Actors.EngineerB]);
        await other.StartAsync(TestContext.Current.CancellationToken);
        await Assert.ThrowsAsync<Microsoft.AspNetCore.SignalR.HubException>(() => other.InvokeAsync("Watch", "run", fixture.A.Run, TestContext.Current.CancellationToken));

        await using var owner = StatusHubClient.Connect(fixture.Host.Factory, fixture.Tokens[Actors.EngineerA]);
        await owner.StartAsync(TestContext.Current.CancellationToken);
        await owner.InvokeAsync("Watch", "run", fixture.A.Run, TestContext.Current.CancellationToken);
    }
}

public sealed class SqlitePageAndHubAuthorizationTests(SqliteMatrixHostFixture fixture) : PageAndHubAuthorizationTests(fixture), IClassFixture<SqliteMatrixHostFixture>;

public sealed class PostgresPageAndHubAuthorizationTests(PostgresMatrixHostFixture fixture) : PageAndHubAuthorizationTests(fixture), IClassFixture<PostgresMatrixHostFixture>;
