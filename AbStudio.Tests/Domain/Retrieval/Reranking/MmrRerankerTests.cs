using AbStudio.Domain.Embeddings.Hashing;
using AbStudio.Domain.Retrieval.Reranking;

namespace AbStudio.Tests.Domain.Retrieval.Reranking;

public sealed class MmrRerankerTests
{
    private static readonly RerankCandidate[] Candidates =
    [
        new("a", 3, "solar panels convert sunlight into electricity"),
        new("b", 2, "solar panels convert sunlight into electricity efficiently"),
        new("c", 1, "wind turbines generate electricity from wind"),
    ];

    [Fact]
    public async Task ScoreAsync_PureRelevance_RanksByQuerySimilarity()
    {
        using var reranker = new MmrReranker(new FeatureHashingEmbeddingGenerator(256), lambda: 1.0);

        var scores = await reranker.ScoreAsync("solar panels electricity", Candidates, TestContext.Current.CancellationToken);

        Assert.True(scores[0] > scores[2] && scores[1] > scores[2], string.Join(", ", scores));
    }

    [Fact]
    public async Task ScoreAsync_FavouringDiversity_PromotesTheDifferentDocumentAboveTheNearDuplicate()
    {
        using var reranker = new MmrReranker(new FeatureHashingEmbeddingGenerator(256), lambda: 0.3);

        var scores = await reranker.ScoreAsync("solar panels electricity", Candidates, TestContext.Current.CancellationToken);

        // After the first solar document, its near-duplicate is penalised and the wind document comes next.
        var order = Enumerable.Range(0, 3).OrderByDescending(i => scores[i]).Select(i => Candidates[i].DocumentId).ToList();
        Assert.Equal("c", order[1]);
    }
}
