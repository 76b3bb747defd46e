using System.Globalization;
using System.Net;
using System.Text.Json;
using AbStudio.Domain.Embeddings;
using AbStudio.Domain.Embeddings.Remote;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;

namespace AbStudio.Tests.Domain.Embeddings.Remote;

public sealed class OpenAIEmbeddingGeneratorTests
{
    private const string ApiKey = "sk-test-4f9c2a71d3";

    [Fact]
    public async Task GenerateAsync_MoreTextsThanOneBatch_SendsBatchesAndKeepsOrder()
    {
        await using var server = await StartAsync((context, body) => context.Response.WriteAsJsonAsync(EmbeddingServerAnswers.OpenAI(body)));
        using var generator = new OpenAIEmbeddingGenerator(OptionsFor(server) with { MaxBatchSize = 100 });
        var texts = Enumerable.Range(0, 250).Select(i => $"passage {i}").ToArray();

        var embeddings = await generator.GenerateAsync(texts, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal([100, 100, 50], server.Requests.Select(r => EmbeddingServerAnswers.Inputs(r).Length));
        Assert.Equal(Enumerable.Range(0, 250), embeddings.Select(e => EmbeddingServerAnswers.NumberIn(e.Vector)));
        using var first = JsonDocument.Parse(server.Requests[0]);
        Assert.Equal("text-embedding-test", first.RootElement.GetProperty("model").GetString());
        Assert.Equal("float", first.RootElement.GetProperty("encoding_format").GetString());
        Assert.False(first.RootElement.TryGetProperty("dimensions", out _));
    }

    [Fact]
    public async Task GenerateAsync_AnyAnswer_ReturnsUnitVectorsAndLearnsDimensionsAndRevision()
    {
        await using var server = await StartAsync((context, body) =>
            context.Response.WriteAsJsonAsync(EmbeddingServerAnswers.OpenAI(body, dimensions: 4, model: "text-embedding-test-0125", fingerprint: "fp_7a")));
        using var generator = new OpenAIEmbeddingGenerator(OptionsFor(server));
        Assert.Equal(0, generator.Model.Dimensions);

        var embedding = Assert.Single(await generator.GenerateAsync(["passage 3"], cancellationToken: TestContext.Current.CancellationToken));

        // [3, 1, 0, 0] / √10
        Assert.Equal([0.9486833f, 0.31622776f, 0f, 0f], embedding.Vector.ToArray(), (expected, actual) => Math.Abs(expected - actual) < 1e-6f);
        Assert.Equal(new EmbeddingModelInfo("openai", "text-embedding-test", "text-embedding-test-0125@fp_7a", 4), generator.Model);
    }

    [Fact]
    public async Task GenerateAsync_WithPrefixesAndEmptyTexts_SendsPrefixedNonEmptyTextsOnly()
    {
        await using var server = await StartAsync((context, body) => context.Response.WriteAsJsonAsync(EmbeddingServerAnswers.OpenAI(body)));
        using var generator = new OpenAIEmbeddingGenerator(OptionsFor(server), prefixes: new EmbeddingPrefixes("query: ", "passage: "));

        var embeddings = await generator.GenerateAsync(["solar 1", "  ", "wind 2"], EmbeddingPurposeOptions.For(EmbeddingPurpose.Query), TestContext.Current.CancellationToken);

        Assert.Equal(["query: solar 1", "query: wind 2"], EmbeddingServerAnswers.Inputs(Assert.Single(server.Requests)));
        Assert.Equal([false, true, false], embeddings.Select(e => e.IsEmpty()));
        Assert.Equal(3, embeddings[1].Vector.Length);
        Assert.Equal(2, EmbeddingServerAnswers.NumberIn(embeddings[2].Vector));
    }

    [Fact]
    public async Task GenerateAsync_ApiKeyConfigured_SendsItAsBearerToken()
    {
        await using var server = await StartAsync((context, body) => context.Response.WriteAsJsonAsync(EmbeddingServerAnswers.OpenAI(body)));
        using var generator = new OpenAIEmbeddingGenerator(OptionsFor(server));

        await generator.GenerateAsync(["a 1"], cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal($"Bearer {ApiKey}", Assert.Single(server.Received).Authorization);
    }

    [Fact]
    public async Task GenerateAsync_RejectedKeyEchoedByServer_FailsAtOnceWithoutTheKey()
    {
        await using var server = await StartAsync((context, _) =>
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return context.Response.WriteAsync($"{{\"error\":{{\"message\":\"Incorrect API key provided: {ApiKey}\"}}}}");
        });
        using var generator = new OpenAIEmbeddingGenerator(OptionsFor(server));

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => generator.GenerateAsync(["a 1"], cancellationToken: TestContext.Current.CancellationToken));

        Assert.DoesNotContain(ApiKey, error.ToString(), StringComparison.Ordinal);
        Assert.Contains("answered 401 Unauthorized: {\"error\":{\"message\":\"Incorrect API key provided: [api key]\"}}", error.Message, StringComparison.Ordinal);
        Assert.Contains("not retried", error.Message, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task GenerateAsync_TooManyRequestsWithRetryAfterSeconds_WaitsThatLongThenSucceeds()
    {
        var calls = 0;
        await using var server = await StartAsync((context, body) =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                context.Response.Headers.RetryAfter = "1";
                return context.Response.WriteAsync("rate limited");
            }

            return context.Response.WriteAsJsonAsync(EmbeddingServerAnswers.OpenAI(body));
        });
        using var generator = new OpenAIEmbeddingGenerator(OptionsFor(server));

        var embedding = Assert.Single(await generator.GenerateAsync(["a 5"], cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(5, EmbeddingServerAnswers.NumberIn(embedding.Vector));
        var received = server.Received;
        Assert.Equal(2, received.Count);
        // Without Retry-After the policy would wait about 10 ms; a lower bound only, so a slow machine cannot fail it.
        Assert.True(received[1].At - received[0].At >= TimeSpan.FromMilliseconds(900), $"retried after {received[1].At - received[0].At}");
    }

    [Fact]
    public async Task GenerateAsync_ServiceUnavailableWithRetryAfterDate_WaitsUntilThenSucceeds()
    {
        var calls = 0;
        await using var server = await StartAsync((context, body) =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                // HTTP dates have whole seconds: now + 2 s, truncated, is at least 1 s away.
                context.Response.Headers.RetryAfter = DateTimeOffset.UtcNow.AddSeconds(2).ToString("R", CultureInfo.InvariantCulture);
                return Task.CompletedTask;
            }

            return context.Response.WriteAsJsonAsync(EmbeddingServerAnswers.OpenAI(body));
        });
        using var generator = new OpenAIEmbeddingGenerator(OptionsFor(server));

        await generator.GenerateAsync(["a 5"], cancellationToken: TestContext.Current.CancellationToken);

        var received = server.Received;
        Assert.Equal(2, received.Count);
        Assert.True(received[1].At - received[0].At >= TimeSpan.FromMilliseconds(900), $"retried after {received[1].At - received[0].At}");
    }

    [Fact]
    public async Task GenerateAsync_ServerErrorOnce_RetriesAndSucceeds()
    {
        var calls = 0;
        await using var server = await StartAsync((context, body) =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                context.Response.StatusCode = StatusCodes.Status500InternalServerError;
                return Task.CompletedTask;
            }

            return context.Response.WriteAsJsonAsync(EmbeddingServerAnswers.OpenAI(body));
        });
        using var generator = new OpenAIEmbeddingGenerator(OptionsFor(server));

        var embedding = Assert.Single(await generator.GenerateAsync(["a 8"], cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(8, EmbeddingServerAnswers.NumberIn(embedding.Vector));
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task GenerateAsync_ServerHangsPastAttemptTimeout_RetriesAndSucceeds()
    {
        var calls = 0;
        await using var server = await StartAsync(async (context, body) =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                // Hangs until the client gives up on the attempt and drops the connection.
                await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
                return;
            }

            await context.Response.WriteAsJsonAsync(EmbeddingServerAnswers.OpenAI(body));
        });
        using var generator = new OpenAIEmbeddingGenerator(OptionsFor(server) with { AttemptTimeout = TimeSpan.FromMilliseconds(300) });

        var embedding = Assert.Single(await generator.GenerateAsync(["a 9"], cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(9, EmbeddingServerAnswers.NumberIn(embedding.Vector));
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task GenerateAsync_ServerErrorEveryTime_FailsAfterMaxAttemptsWithStatusAndMessage()
    {
        await using var server = await StartAsync((context, _) =>
        {
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            return context.Response.WriteAsync("model overloaded " + new string('x', 1000));
        });
        using var generator = new OpenAIEmbeddingGenerator(OptionsFor(server) with { MaxAttempts = 3 });

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => generator.GenerateAsync(["a 1"], cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(3, server.Requests.Count);
        Assert.Equal(HttpStatusCode.InternalServerError, error.StatusCode);
        Assert.Contains($"OpenAI-compatible server at {server.Address} answered 500 Internal Server Error: model overloaded xxx", error.Message, StringComparison.Ordinal);
        Assert.Contains("gave up after 3 attempts", error.Message, StringComparison.Ordinal);
        Assert.True(error.Message.Length < 600, "the server message is truncated");
    }

    [Fact]
    public async Task GenerateAsync_RetryAfterBeyondOverallTimeout_FailsNamingTheOverallTimeout()
    {
        await using var server = await StartAsync((context, _) =>
        {
            context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
            context.Response.Headers.RetryAfter = "30";
            return context.Response.WriteAsync("slow down");
        });
        using var generator = new OpenAIEmbeddingGenerator(OptionsFor(server) with { AttemptTimeout = TimeSpan.FromMilliseconds(200), TotalTimeout = TimeSpan.FromMilliseconds(400) });

        var error = await Assert.ThrowsAsync<TimeoutException>(() => generator.GenerateAsync(["a 1"], cancellationToken: TestContext.Current.CancellationToken));

        Assert.Contains("within the overall timeout of 0.4 s (1 attempt; last failure: 429 Too Many Requests: slow down)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GenerateAsync_DeclaredDimensions_SendsThemAndFailsOnOtherLength()
    {
        await using var server = await StartAsync((context, body) => context.Response.WriteAsJsonAsync(EmbeddingServerAnswers.OpenAI(body, dimensions: 3)));
        using var generator = new OpenAIEmbeddingGenerator(OptionsFor(server), dimensions: 256);

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => generator.GenerateAsync(["a 1"], cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal("openai model 'text-embedding-test' returned 3 dimensions for text 0; expected 256 (as declared).", error.Message);
        using var request = JsonDocument.Parse(Assert.Single(server.Requests));
        Assert.Equal(256, request.RootElement.GetProperty("dimensions").GetInt32());
    }

    [Fact]
    public async Task GenerateAsync_ModelChangesBetweenBatches_FailsNamingBothRevisions()
    {
        var calls = 0;
        await using var server = await StartAsync((context, body) =>
            context.Response.WriteAsJsonAsync(EmbeddingServerAnswers.OpenAI(body, model: Interlocked.Increment(ref calls) == 1 ? "m-v1" : "m-v2")));
        using var generator = new OpenAIEmbeddingGenerator(OptionsFor(server) with { MaxBatchSize = 1 });

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => generator.GenerateAsync(["a 1", "a 2"], cancellationToken: TestContext.Current.CancellationToken));

        Assert.Contains("revision 'm-v1' before, 'm-v2' now", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"data\": [", "not JSON")]
    [InlineData("{\"object\": \"list\"}", "no 'data' array")]
    [InlineData("{\"data\": [{\"index\": 0, \"embedding\": \"AAAAAA==\"}]}", "no 'embedding' array of numbers")]
    [InlineData("{\"data\": [{\"index\": 0, \"embedding\": [1, \"x\"]}]}", "a value of the wrong kind")]
    [InlineData("{\"data\": []}", "text 0 of 1 came back without an embedding")]
    public async Task GenerateAsync_MalformedAnswer_FailsSayingWhat(string answer, string what)
    {
        await using var server = await StartAsync((context, _) =>
        {
            context.Response.ContentType = "application/json";
            return context.Response.WriteAsync(answer);
        });
        using var generator = new OpenAIEmbeddingGenerator(OptionsFor(server));

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => generator.GenerateAsync(["a 1"], cancellationToken: TestContext.Current.CancellationToken));

        Assert.StartsWith($"OpenAI-compatible server at {server.Address} sent an answer AbStudio cannot use: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(what, error.Message, StringComparison.Ordinal);
    }

    private static Task<LocalHttpServer> StartAsync(Func<HttpContext, string, Task> handle) => LocalHttpServer.StartAsync("/v1/embeddings", handle);

    // Tiny delays keep the retry tests fast; the base URL has no trailing slash, as users write it.
    private static RemoteEmbeddingOptions OptionsFor(LocalHttpServer server) => new()
    {
        BaseUrl = new Uri(server.Address, "/v1"),
        ApiKey = ApiKey,
        Model = "text-embedding-test",
        RetryBaseDelay = TimeSpan.FromMilliseconds(10),
        MaxRetryDelay = TimeSpan.FromMilliseconds(50),
        AttemptTimeout = TimeSpan.FromSeconds(5),
        TotalTimeout = TimeSpan.FromSeconds(15),
    };
}
