using System.Net;
using System.Text.Json;
using AbStudio.Identity;
using AbStudio.Web.Features.Datasets;

namespace AbStudio.Tests.Web.Features.Accounts;

/// <summary>
/// Team scoping through <c>/api/v1</c> with real users and tokens: another team's dataset answers
/// 404 with the body of an unknown id and drops out of the list; sharing is an admin's (403 for an
/// engineer), and a shared dataset is then seen, and tested on, by the other team.
/// </summary>
public sealed class TeamScopingApiTests : IAsyncLifetime
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private readonly ApiHost _host = new();
    private HttpClient _alice = null!;
    private HttpClient _bob = null!;
    private string _aliceTeam = null!;

    public async ValueTask InitializeAsync()
    {
        _aliceTeam = $"a-{Guid.NewGuid():N}";
        _alice = _host.Factory.CreateClientWith(await TestUsers.TokenAsync(_host.Services, $"alice-{Guid.NewGuid():N}", Roles.Engineer, _aliceTeam));
        _bob = _host.Factory.CreateClientWith(await TestUsers.TokenAsync(_host.Services, $"bob-{Guid.NewGuid():N}", Roles.Engineer, $"b-{Guid.NewGuid():N}"));
    }

    public async ValueTask DisposeAsync()
    {
        _alice.Dispose();
        _bob.Dispose();
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task AnotherTeamsDataset_IsNotFoundLikeAnUnknownId_UntilAnAdminSharesIt()
    {
        using var upload = await _alice.PostAsync(new Uri("/api/v1/datasets", UriKind.Relative), DemoForm(), Token);
        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        var dataset = (await ApiHost.BodyAsync(upload)).GetProperty("id").GetGuid();

        var (hidden, hiddenBody) = await GetAsync(_bob, $"/api/v1/datasets/{dataset}");
        var unknown = Guid.NewGuid();
        var (_, unknownBody) = await GetAsync(_bob, $"/api/v1/datasets/{unknown}");
        Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        Assert.Equal(unknownBody.GetProperty("title").GetString(), hiddenBody.GetProperty("title").GetString());
        Assert.Equal(unknownBody.GetProperty("detail").GetString()!.Replace(unknown.ToString(), "ID", StringComparison.Ordinal),
            hiddenBody.GetProperty("detail").GetString()!.Replace(dataset.ToString(), "ID", StringComparison.Ordinal));
        var (_, list) = await GetAsync(_bob, "/api/v1/datasets?pageSize=500");
        Assert.DoesNotContain(ApiAssert.Strings(list.GetProperty("items"), "id"), id => id == dataset.ToString());
        Assert.Equal(list.GetProperty("items").GetArrayLength(), list.GetProperty("total").GetInt32());

        using var refused = await _alice.PostAsync(new Uri($"/api/v1/datasets/{dataset}/share", UriKind.Relative), null, Token);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        using var shared = await _host.Client.PostAsync(new Uri($"/api/v1/datasets/{dataset}/share", UriKind.Relative), null, Token);
        Assert.Equal(HttpStatusCode.OK, shared.StatusCode);
        Assert.True((await ApiHost.BodyAsync(shared)).GetProperty("shared").GetBoolean());

        var (seen, _) = await GetAsync(_bob, $"/api/v1/datasets/{dataset}");
        Assert.Equal(HttpStatusCode.OK, seen.StatusCode);
        using var created = await _bob.PostAsync(new Uri("/api/v1/tests", UriKind.Relative), TestDefinitions.Json(TestDefinitions.TwoArms(dataset)), Token);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var test = (await ApiHost.BodyAsync(created)).GetProperty("id").GetGuid();
        var (aliceLooks, _) = await GetAsync(_alice, $"/api/v1/tests/{test}");
        Assert.Equal(HttpStatusCode.NotFound, aliceLooks.StatusCode);
    }

    [Fact]
    public async Task Upload_TeamThatIsNotTheCallers_IsAProblemAtTheTeamField()
    {
        using var form = DemoForm();
        form.Add(new StringContent("no-such-team"), "team");

        using var response = await _bob.PostAsync(new Uri("/api/v1/datasets", UriKind.Relative), form, Token);

        var body = await ApiHost.BodyAsync(response);
        ApiAssert.Problem(response, body, 400);
        Assert.Contains("not one of your teams", body.GetProperty("errors").GetProperty("team")[0].GetString(), StringComparison.Ordinal);
    }

    private static async Task<(HttpResponseMessage Response, JsonElement Body)> GetAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(new Uri(path, UriKind.Relative), Token);
        return (response, await ApiHost.BodyAsync(response));
    }

    private static MultipartFormDataContent DemoForm()
    {
        var root = DemoDatasetSeeder.DemoPath;
        var form = new MultipartFormDataContent { { new StringContent($"demo {Guid.NewGuid():N}"), "name" } };
        foreach (var file in new[] { "corpus.jsonl", "queries.jsonl", "qrels/test.tsv" })
        {
            form.Add(new ByteArrayContent(File.ReadAllBytes(Path.Combine(root, file))), "file", file);
        }

        return form;
    }
}
