using System.Globalization;
using System.Text.Json;

namespace AbStudio.Tests.Web.Features.Runs;

/// <summary>The <c>eval</c> verb end to end, as a real process on a fresh data directory.</summary>
public sealed class EvalVerbTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("abstudio-eval-").FullName;

    [Fact]
    public async Task Eval_LexicalVectorAndHybridArmsOnTheDemoDataset_WritesResultsThatTrecEvalConfirms()
    {
        var demo = Path.Combine(RepositoryPaths.Root, "AbStudio.Web", "DemoData", "scifact-demo");
        var definition = WriteDefinition($$"""
            { "name": "demo: three arms", "dataset": { "path": "{{demo}}", "split": "test" }, "k": [1, 10, 100],
              "arms": [
                { "name": "bm25", "retrieval": { "mode": "lexical" } },
                { "name": "hashing", "embedding": { "provider": "hashing", "dimensions": 512 }, "retrieval": { "mode": "vector" } },
                { "name": "hybrid", "embedding": { "provider": "hashing", "dimensions": 512 },
                  "chunking": { "strategy": "sentences", "size": 64, "overlap": 8 },
                  "retrieval": { "mode": "hybrid", "fusion": { "method": "weighted", "lexicalWeight": 0.6 } } } ],
              "statistics": { "permutations": 2000, "bootstrapResamples": 2000 } }
            """);

        var result = await RunEvalAsync(definition);

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("bm25", result.Output, StringComparison.Ordinal);
        using var results = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_directory, "out", "results.json"), TestContext.Current.CancellationToken));
        var root = results.RootElement;
        Assert.Equal(1, root.GetProperty("schema_version").GetInt32());
        Assert.Equal(50, root.GetProperty("dataset").GetProperty("queries").GetInt32());
        var arms = root.GetProperty("arms").EnumerateArray().ToList();
        Assert.Equal(["bm25", "hashing", "hybrid"], arms.Select(a => a.GetProperty("name").GetString()));
        Assert.Equal(JsonValueKind.Null, arms[0].GetProperty("collection").ValueKind);
        Assert.False(arms[1].GetProperty("collection").GetProperty("reused").GetBoolean());
        Assert.True(arms[1].GetProperty("latency_ms").GetProperty("p95").GetDouble() >= arms[1].GetProperty("latency_ms").GetProperty("p50").GetDouble());
        Assert.Equal(3 * 18, root.GetProperty("comparisons").GetArrayLength());

        // The run files, scored by the trec-eval verb, give the very means results.json reports.
        var qrels = Path.Combine(_directory, "qrels.txt");
        await File.WriteAllLinesAsync(qrels, File.ReadLines(Path.Combine(demo, "qrels", "test.tsv")).Skip(1).Select(l => l.Split('\t')).Select(f => $"{f[0]} 0 {f[1]} {f[2]}"), TestContext.Current.CancellationToken);
        foreach (var arm in arms)
        {
            var name = arm.GetProperty("name").GetString();
            var trec = await HostProcess.RunAsync(_directory, "trec-eval", qrels, Path.Combine(_directory, "out", $"run.{name}.trec"));
            var ndcg = trec.OutputLines.Single(l => l.StartsWith("ndcg_cut_10 ", StringComparison.Ordinal) && l.Split('\t')[1] == "all");
            Assert.Equal(arm.GetProperty("metrics").GetProperty("ndcg@10").GetDouble(), double.Parse(ndcg.Split('\t')[2], CultureInfo.InvariantCulture), 4);
        }
    }

    [Fact]
    public async Task Eval_SecondRunOfTheSameDefinition_ReusesTheCollectionAndTheDataset()
    {
        var demo = Path.Combine(RepositoryPaths.Root, "AbStudio.Web", "DemoData", "scifact-demo");
        var definition = WriteDefinition($$"""
            { "name": "reuse", "dataset": { "path": "{{demo}}" }, "k": [10],
              "arms": [ { "name": "bm25", "retrieval": { "mode": "lexical" } },
                        { "name": "hashing", "embedding": { "provider": "hashing" }, "retrieval": { "mode": "vector" } } ] }
            """);
        Assert.Equal(0, (await RunEvalAsync(definition)).ExitCode);

        var second = await RunEvalAsync(definition);

        Assert.Equal(0, second.ExitCode);
        Assert.Contains("already imported", second.Error, StringComparison.Ordinal);
        using var results = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_directory, "out", "results.json"), TestContext.Current.CancellationToken));
        Assert.True(results.RootElement.GetProperty("arms")[1].GetProperty("collection").GetProperty("reused").GetBoolean());
    }

    [Fact]
    public async Task Eval_SciFactBm25_LandsOnThePublishedLuceneResult()
    {
        var definition = WriteDefinition($$"""
            { "name": "scifact bm25", "dataset": { "path": "{{Path.Combine(SharedData.Datasets, "scifact")}}", "split": "test" }, "k": [10, 100],
              "arms": [ { "name": "bm25", "retrieval": { "mode": "lexical", "bm25": { "k1": 0.9, "b": 0.4 } } },
                        { "name": "bm25-classic", "retrieval": { "mode": "lexical", "bm25": { "k1": 1.2, "b": 0.75 } } } ] }
            """);

        var result = await RunEvalAsync(definition);

        Assert.True(result.ExitCode == 0, result.Error);
        using var results = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_directory, "out", "results.json"), TestContext.Current.CancellationToken));
        var ndcg = results.RootElement.GetProperty("arms")[0].GetProperty("metrics").GetProperty("ndcg@10").GetDouble();
        Assert.Equal(300, results.RootElement.GetProperty("dataset").GetProperty("queries").GetInt32());
        Assert.InRange(ndcg, 0.665 - 0.015, 0.679 + 0.015);
    }

    [Fact]
    public async Task Eval_OpenAIArmAgainstACompatibleServer_ScoresLikeTheSameVectorsComputedLocally()
    {
        // The server embeds with the hashing provider, so the remote arm must score exactly as the local one.
        using var hashing = new AbStudio.Domain.Embeddings.Hashing.FeatureHashingEmbeddingGenerator(256);
        await using var server = await LocalHttpServer.StartAsync("/v1/embeddings", async (context, body) =>
        {
            using var request = JsonDocument.Parse(body);
            var inputs = request.RootElement.GetProperty("input").EnumerateArray().Select(e => e.GetString()!).ToList();
            var vectors = await hashing.GenerateAsync(inputs, cancellationToken: context.RequestAborted);
            await Microsoft.AspNetCore.Http.HttpResponseJsonExtensions.WriteAsJsonAsync(context.Response, new
            {
                @object = "list",
                model = "hashing-behind-http",
                data = vectors.Select((v, i) => new { @object = "embedding", index = i, embedding = v.Vector.ToArray() }),
            }, context.RequestAborted);
        });
        var demo = Path.Combine(RepositoryPaths.Root, "AbStudio.Web", "DemoData", "scifact-demo");
        var definition = WriteDefinition($$"""
            { "name": "remote vs local", "dataset": { "path": "{{demo}}" }, "k": [10],
              "arms": [ { "name": "local", "embedding": { "provider": "hashing", "dimensions": 256 }, "retrieval": { "mode": "vector" } },
                        { "name": "remote", "embedding": { "provider": "openai", "model": "hashing-behind-http", "dimensions": 256 }, "retrieval": { "mode": "vector" } } ] }
            """);

        var result = await HostProcess.RunAsync(_directory, "eval", definition, "--out", Path.Combine(_directory, "out"),
            $"--Storage:DataDirectory={Path.Combine(_directory, "data")}", "--Datasets:SeedDemo=false",
            $"--Embeddings:OpenAI:BaseUrl={new Uri(server.Address, "/v1/")}", "--Embeddings:OpenAI:ApiKey=test-key");

        Assert.True(result.ExitCode == 0, result.Error);
        using var results = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_directory, "out", "results.json"), TestContext.Current.CancellationToken));
        var arms = results.RootElement.GetProperty("arms");
        Assert.Equal(arms[0].GetProperty("metrics").GetProperty("ndcg@10").GetDouble(), arms[1].GetProperty("metrics").GetProperty("ndcg@10").GetDouble(), 6);
        Assert.Equal("hashing-behind-http", arms[1].GetProperty("collection").GetProperty("model_revision").GetString());
        Assert.NotEmpty(server.Requests);
    }

    [Fact]
    public async Task Eval_BadDefinition_ExitsWithCodeTwoListingEveryProblem()
    {
        var definition = WriteDefinition("""
            { "name": "bad", "dataset": { "path": "nowhere" }, "k": [0],
              "arms": [ { "name": "a", "retrieval": { "mode": "vector" } }, { "name": "b", "retrieval": { "mode": "lexical" } } ] }
            """);

        var result = await RunEvalAsync(definition);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("k: every k must be between 1 and 1000; got [0].", result.Error, StringComparison.Ordinal);
        Assert.Contains("arms[0].embedding: a vector arm needs an embedding provider", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_directory, "out", "results.json")));
    }

    [Fact]
    public async Task Eval_HnswIndexWithSqlite_ExitsWithCodeTwoNamingTheField()
    {
        var demo = Path.Combine(RepositoryPaths.Root, "AbStudio.Web", "DemoData", "scifact-demo");
        var definition = WriteDefinition($$"""
            { "name": "hnsw", "dataset": { "path": "{{demo}}" }, "k": [10],
              "arms": [ { "name": "bm25", "retrieval": { "mode": "lexical" } },
                        { "name": "hashing", "embedding": { "provider": "hashing", "index": "hnsw" }, "retrieval": { "mode": "vector" } } ] }
            """);

        var result = await RunEvalAsync(definition);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("arms[1].embedding.index: 'hnsw' needs PostgreSQL with pgvector", result.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_directory, "data", "collections")));
    }

    [Fact]
    public async Task Eval_MissingOutOption_SaysHowToCallIt()
    {
        var result = await HostProcess.RunAsync(_directory, "eval", "definition.json");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Usage: eval DEFINITION.json --out DIR", result.Output, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string WriteDefinition(string json)
    {
        var path = Path.Combine(_directory, "definition.json");
        File.WriteAllText(path, json);
        return path;
    }

    private Task<HostProcessResult> RunEvalAsync(string definition) =>
        HostProcess.RunAsync(_directory, "eval", definition, "--out", Path.Combine(_directory, "out"),
            $"--Storage:DataDirectory={Path.Combine(_directory, "data")}", "--Datasets:SeedDemo=false");
}
