using AbStudio.Domain.Retrieval;
using AbStudio.Domain.Retrieval.Reranking;

namespace AbStudio.Tests.Domain.Retrieval.Reranking;

public sealed class RerankMergeTests
{
    [Fact]
    public void Merge_TopTwoRescored_ReordersThemAndKeepsTheRestBelowInOrder()
    {
        RankedDocument[] ranking = [new("a", 9), new("b", 8), new("c", 7), new("d", 6)];

        var merged = RerankMerge.Merge(ranking, 2, [0.2, 0.9]);

        Assert.Equal([new RankedDocument("b", 0.9), new RankedDocument("a", 0.2), new RankedDocument("c", -0.8), new RankedDocument("d", -1.8)], merged);
    }

    [Fact]
    public void Merge_EqualNewScores_KeepFirstStageOrder()
    {
        var merged = RerankMerge.Merge([new("x", 2), new("y", 1)], 2, [0.5, 0.5]);

        Assert.Equal(["x", "y"], merged.Select(d => d.DocumentId));
    }

    [Fact]
    public void Merge_WrongNumberOfScores_IsRejected() =>
        Assert.Throws<ArgumentException>(() => RerankMerge.Merge([new("x", 2)], 1, [0.5, 0.1]));
}
