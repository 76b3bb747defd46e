using AbStudio.Domain.Retrieval;
using AbStudio.Domain.Retrieval.Fusion;

namespace AbStudio.Tests.Domain.Retrieval.Fusion;

public sealed class RankFusionTests
{
    private static readonly RankedDocument[] Lexical = [new("a", 12.0), new("b", 9.0), new("c", 3.0)];
    private static readonly RankedDocument[] Vector = [new("c", 0.91), new("a", 0.80), new("d", 0.42)];

    [Fact]
    public void Fuse_Rrf_SumsReciprocalRanksWithK()
    {
        var fused = RankFusion.Fuse(Lexical, Vector, new FusionSettings(FusionMethod.Rrf, RrfK: 60), 10);

        // a: 1/61 + 1/62; c: 1/63 + 1/61; b: 1/62; d: 1/63.
        Assert.Equal(["a", "c", "b", "d"], fused.Select(d => d.DocumentId));
        Assert.Equal((1.0 / 61) + (1.0 / 62), fused[0].Score, 12);
        Assert.Equal(1.0 / 63, fused[3].Score, 12);
    }

    [Fact]
    public void Fuse_WeightedMinMax_NormalisesEachListThenWeights()
    {
        var fused = RankFusion.Fuse(Lexical, Vector, new FusionSettings(FusionMethod.Weighted, LexicalWeight: 0.3, Normalization: ScoreNormalization.MinMax), 10);

        // Lexical min-max: a 1, b 6/9, c 0. Vector: c 1, a (0.80-0.42)/0.49, d 0.
        var scores = fused.ToDictionary(d => d.DocumentId, d => d.Score);
        Assert.Equal((0.3 * 1) + (0.7 * (0.38 / 0.49)), scores["a"], 12);
        Assert.Equal(0.3 * 6 / 9, scores["b"], 12);
        Assert.Equal(0.7, scores["c"], 12);
        Assert.Equal(0, scores["d"], 12);
        Assert.Equal(["a", "c", "b", "d"], fused.Select(d => d.DocumentId));
    }

    [Fact]
    public void Fuse_WeightedZScore_CentresEachList()
    {
        var fused = RankFusion.Fuse([new("x", 1), new("y", 3)], [], new FusionSettings(FusionMethod.Weighted, LexicalWeight: 1, Normalization: ScoreNormalization.ZScore), 10);

        Assert.Equal([new RankedDocument("y", 1), new RankedDocument("x", -1)], fused);
    }

    [Fact]
    public void Fuse_TiedScores_BreakTiesByDocumentId()
    {
        var fused = RankFusion.Fuse([new("z", 1)], [new("m", 1)], new FusionSettings(), 10);

        Assert.Equal(["m", "z"], fused.Select(d => d.DocumentId));
    }

    [Fact]
    public void Fuse_RrfRandomLists_IsSymmetricInTheTwoInputsAndRespectsTheLimit()
    {
        var random = new Random(11);
        for (var round = 0; round < 100; round++)
        {
            var first = RandomRanking(random);
            var second = RandomRanking(random);
            var limit = random.Next(1, 15);

            var forward = RankFusion.Fuse(first, second, new FusionSettings(), limit);
            var backward = RankFusion.Fuse(second, first, new FusionSettings(), limit);

            Assert.Equal(forward, backward);
            Assert.True(forward.Length <= limit);
            Assert.Equal(forward.Length, forward.Select(d => d.DocumentId).Distinct().Count());
        }
    }

    [Fact]
    public void Fuse_WeightedWithAllWeightOnOneList_KeepsThatListsOrder()
    {
        var fused = RankFusion.Fuse(Lexical, Vector, new FusionSettings(FusionMethod.Weighted, LexicalWeight: 1), 10);

        Assert.Equal(["a", "b", "c"], fused.Take(3).Select(d => d.DocumentId));
    }

    [Theory]
    [InlineData(0, 0.5, "fusion.k must be 1 or more")]
    [InlineData(60, 1.5, "fusion.lexicalWeight must be between 0 and 1")]
    public void Fuse_InvalidSettings_AreRejectedNamingTheField(int k, double weight, string expected)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => RankFusion.Fuse(Lexical, Vector, new FusionSettings(FusionMethod.Rrf, k, weight), 10));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    private static RankedDocument[] RandomRanking(Random random) =>
        [.. Enumerable.Range(0, random.Next(0, 12))
            .Select(_ => $"d{random.Next(0, 20)}")
            .Distinct()
            .Select((id, rank) => new RankedDocument(id, 100 - rank))];
}
