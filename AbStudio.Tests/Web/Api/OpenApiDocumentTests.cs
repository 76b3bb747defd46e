using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AbStudio.Tests.Web.Api;

/// <summary>
/// The served OpenAPI document is the API's contract: it must equal the checked-in snapshot, so a
/// change to the API shows up in review as a diff of docs/api/openapi.v1.json.
/// </summary>
public sealed class OpenApiDocumentTests : IAsyncLifetime
{
    public const string UpdateVariable = "ABSTUDIO_UPDATE_OPENAPI_SNAPSHOT";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private ApiHost _host = null!;

    private static string SnapshotPath => Path.Combine(RepositoryPaths.Root, "docs", "api", "openapi.v1.json");

    public ValueTask InitializeAsync()
    {
        _host = new ApiHost();
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Served_EqualsCheckedInSnapshot()
    {
        var served = await ServedAsync();

        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(SnapshotPath)!);
            await File.WriteAllTextAsync(SnapshotPath, served, TestContext.Current.CancellationToken);
        }

        var snapshot = File.Exists(SnapshotPath) ? await File.ReadAllTextAsync(SnapshotPath, TestContext.Current.CancellationToken) : "";
        Assert.True(
            snapshot.ReplaceLineEndings() == served.ReplaceLineEndings(),
            $"The served OpenAPI document differs from {SnapshotPath}. If the API change is intended, rewrite the snapshot with " +
            $"{UpdateVariable}=1 dotnet test --project AbStudio.Tests -- --filter-class {typeof(OpenApiDocumentTests).FullName} " +
            "and commit it with the change.");
    }

    [Fact]
    public async Task Served_EveryOperationHasSummaryAndProblemResponses()
    {
        var document = JsonNode.Parse(await ServedAsync())!;

        var operations = document["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject().Select(operation => (Name: $"{operation.Key.ToUpperInvariant()} {path.Key}", Operation: operation.Value!)))
            .ToList();

        Assert.Equal(31, operations.Count);
        foreach (var (name, operation) in operations)
        {
            Assert.False(string.IsNullOrEmpty(operation["summary"]?.GetValue<string>()), $"{name} has no summary");
            var problems = operation["responses"]!.AsObject()
                .Where(r => r.Value?["content"]?["application/problem+json"] is not null)
                .Select(r => r.Key);
            Assert.True(problems.Any(), $"{name} documents no problem response");
        }
    }

    [Fact]
    public async Task ReferencePage_Served()
    {
        using var response = await _host.Client.GetAsync(new Uri("/api/reference", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
    }

    /// <summary>The document re-indented, so the snapshot diffs line by line.</summary>
    private async Task<string> ServedAsync()
    {
        var (response, body) = await _host.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonSerializer.Serialize(body, Indented) + "\n";
    }
}
