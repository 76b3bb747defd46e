using System.Net;
using System.Text.Json;
using AbStudio.Domain.Embeddings;
using AbStudio.Domain.Embeddings.Remote;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;

namespace AbStudio.Tests.Domain.Embeddings.Remote;

public sealed class OllamaEmbeddingGeneratorTests
{
    [Fact]
    public async Task GenerateAsync_OllamaServer_SendsModelAndPrefixedInputsInBatchesAndReturnsUnitVectors()
    {
        await using var server = await LocalHttpServer.StartAsync("/api/embed", (context, body) => context.Response.WriteAsJsonAsync(EmbeddingServerAnswers.Ollama(body, dimensions: 4)));
        using var generator = new OllamaEmbeddingGenerator(OptionsFor(server) with { MaxBatchSize = 2 }, dimensions: 4, prefixes: new EmbeddingPrefixes("search_query: ", "search_document: "));

        var embeddings = await generator.GenerateAsync(["doc 1", "", "doc 2", "doc 3"], EmbeddingPurposeOptions.For(EmbeddingPurpose.Document), TestContext.Current.CancellationToken);

        Assert.Equal([1, 0, 2, 3], embeddings.Select(e => e.IsEmpty() ? 0 : EmbeddingServerAnswers.NumberIn(e.Vector)));
        Assert.All(embeddings.Where(e => !e.IsEmpty()), e => Assert.Equal(1f, MathF.Sqrt(e.Vector.ToArray().Sum(v => v * v)), 1e-6f));
        Assert.Equal(4, embeddings[1].Vector.Length);
        Assert.Equal(2, server.Requests.Count);
        using var first = JsonDocument.Parse(server.Requests[0]);
        Assert.Equal("nomic-embed-text", first.RootElement.GetProperty("model").GetString());
        Assert.Equal(4, first.RootElement.GetProperty("dimensions").GetInt32());
        Assert.Equal(["search_document: doc 1", "search_document: doc 2"], EmbeddingServerAnswers.Inputs(server.Requests[0]));
        Assert.Equal(new EmbeddingModelInfo("ollama", "nomic-embed-text", "nomic-embed-text", 4), generator.Model);
    }

    [Fact]
    public async Task GenerateAsync_ModelNotPulled_FailsAtOnceWithStatusAndServerMessage()
    {
        await using var server = await LocalHttpServer.StartAsync("/api/embed", (context, _) =>
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return context.Response.WriteAsync("{\"error\":\"model \\\"nomic-embed-text\\\" not found, try pulling it first\"}");
        });
        using var generator = new OllamaEmbeddingGenerator(OptionsFor(server));

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => generator.GenerateAsync(["doc 1"], cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
        Assert.Contains("Ollama server at ", error.Message, StringComparison.Ordinal);
        Assert.Contains("answered 404 Not Found: {\"error\":\"model \\\"nomic-embed-text\\\" not found, try pulling it first\"} (not retried", error.Message, StringComparison.Ordinal);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task GenerateAsync_ServerErrorOnce_RetriesLikeEveryRemoteProvider()
    {
        var calls = 0;
        await using var server = await LocalHttpServer.StartAsync("/api/embed", (context, body) =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                return Task.CompletedTask;
            }

            return context.Response.WriteAsJsonAsync(EmbeddingServerAnswers.Ollama(body));
        });
        using var generator = new OllamaEmbeddingGenerator(OptionsFor(server));

        var embedding = Assert.Single(await generator.GenerateAsync(["doc 7"], cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(7, EmbeddingServerAnswers.NumberIn(embedding.Vector));
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task GenerateAsync_FewerVectorsThanTexts_FailsSayingHowMany()
    {
        await using var server = await LocalHttpServer.StartAsync("/api/embed", (context, _) =>
            context.Response.WriteAsync("{\"model\":\"nomic-embed-text\",\"embeddings\":[[1,0]]}"));
        using var generator = new OllamaEmbeddingGenerator(OptionsFor(server));

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => generator.GenerateAsync(["doc 1", "doc 2"], cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal("ollama model 'nomic-embed-text' answered 1 vectors for 2 texts.", error.Message);
    }

    [Fact]
    public async Task GenerateAsync_NotJson_FailsSayingTheAnswerIsUnusable()
    {
        await using var server = await LocalHttpServer.StartAsync("/api/embed", (context, _) => context.Response.WriteAsync("<html>proxy error</html>"));
        using var generator = new OllamaEmbeddingGenerator(OptionsFor(server));

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => generator.GenerateAsync(["doc 1"], cancellationToken: TestContext.Current.CancellationToken));

        Assert.StartsWith("Ollama server at ", error.Message, StringComparison.Ordinal);
        Assert.Contains("sent an answer AbStudio cannot use", error.Message, StringComparison.Ordinal);
    }

    private static RemoteEmbeddingOptions OptionsFor(LocalHttpServer server) => new()
    {
        BaseUrl = new Uri(server.Address, "/"),
        Model = "nomic-embed-text",
        RetryBaseDelay = TimeSpan.FromMilliseconds(10),
        MaxRetryDelay = TimeSpan.FromMilliseconds(50),
        AttemptTimeout = TimeSpan.FromSeconds(5),
        TotalTimeout = TimeSpan.FromSeconds(15),
    };
}
