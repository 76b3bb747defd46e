using System.Text.Json;
using AbStudio.Domain.Embeddings.Remote;
using AbStudio.Domain.Retrieval.Reranking;
using Microsoft.AspNetCore.Http;

namespace AbStudio.Tests.Domain.Embeddings.Remote;

public sealed class HttpRerankerTests
{
    private static readonly RerankCandidate[] Candidates = [new("d1", 3, "cats purr"), new("d2", 2, "dogs bark"), new("d3", 1, "cats and dogs")];

    [Fact]
    public async Task ScoreAsync_CohereShapedServer_SendsQueryAndDocumentsAndMapsScoresByIndex()
    {
        await using var server = await LocalHttpServer.StartAsync("/v1/rerank", (context, body) =>
            context.Response.WriteAsJsonAsync(new { results = new[] { new { index = 2, relevance_score = 0.9 }, new { index = 0, relevance_score = 0.4 }, new { index = 1, relevance_score = 0.1 } } }));
        using var reranker = new HttpReranker(new HttpClient(), server.Address, "rerank-small");

        var scores = await reranker.ScoreAsync("cats", Candidates, TestContext.Current.CancellationToken);

        Assert.Equal([0.4, 0.1, 0.9], scores);
        using var request = JsonDocument.Parse(Assert.Single(server.Requests));
        Assert.Equal("cats", request.RootElement.GetProperty("query").GetString());
        Assert.Equal("rerank-small", request.RootElement.GetProperty("model").GetString());
        Assert.Equal(["cats purr", "dogs bark", "cats and dogs"], request.RootElement.GetProperty("documents").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(3, request.RootElement.GetProperty("top_n").GetInt32());
    }

    [Fact]
    public async Task ScoreAsync_TeiShapedServer_AcceptsABareArrayOfIndexAndScore()
    {
        await using var server = await LocalHttpServer.StartAsync("/rerank", (context, _) =>
            context.Response.WriteAsJsonAsync(new[] { new { index = 1, score = 0.7 }, new { index = 0, score = 0.2 }, new { index = 2, score = 0.5 } }));
        using var reranker = new HttpReranker(new HttpClient(), server.Address, model: null);

        var scores = await reranker.ScoreAsync("q", Candidates, TestContext.Current.CancellationToken);

        Assert.Equal([0.2, 0.7, 0.5], scores);
    }

    [Fact]
    public async Task ScoreAsync_ServerError_FailsWithStatusAndBody()
    {
        await using var server = await LocalHttpServer.StartAsync("/rerank", (context, _) =>
        {
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            return context.Response.WriteAsync("model not loaded");
        });
        using var reranker = new HttpReranker(new HttpClient(), server.Address, model: null);

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => reranker.ScoreAsync("q", Candidates, TestContext.Current.CancellationToken));
        Assert.Contains("answered 500 Internal Server Error: model not loaded", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScoreAsync_ADocumentLeftUnscored_FailsSayingWhich()
    {
        await using var server = await LocalHttpServer.StartAsync("/rerank", (context, _) =>
            context.Response.WriteAsJsonAsync(new { results = new[] { new { index = 0, relevance_score = 0.4 } } }));
        using var reranker = new HttpReranker(new HttpClient(), server.Address, model: null);

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => reranker.ScoreAsync("q", Candidates, TestContext.Current.CancellationToken));
        Assert.Contains("document 1 of 3 came back without a score", error.Message, StringComparison.Ordinal);
    }
}
