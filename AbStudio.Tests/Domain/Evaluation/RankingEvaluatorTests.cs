using AbStudio.Domain.Evaluation;

namespace AbStudio.Tests.Domain.Evaluation;

public class RankingEvaluatorTests
{
    private const double Tolerance = 1e-12;
    private static readonly RankingEvaluator Evaluator = new(EvaluationOptions.Default);

    private static QueryJudgments Judgments(params (string Document, int Grade)[] grades) =>
        new(grades.ToDictionary(g => g.Document, g => g.Grade));

    [Fact]
    public void Ndcg_AllRelevantAtTop_ReturnsOne()
    {
        var judgments = Judgments(("A", 3), ("B", 2), ("C", 0));

        var metrics = Evaluator.Evaluate(["A", "B", "C"], judgments);

        Assert.Equal(1.0, metrics.NdcgAt(10), Tolerance);
        Assert.Equal(1.0, metrics.AveragePrecision, Tolerance);
    }

    [Fact]
    public void Evaluate_GradedMixedRanking_MatchesHandComputedValues()
    {
        // Relevant: A (2), D (3), E (1, never retrieved). B is judged non-relevant, C is unjudged.
        var judgments = Judgments(("A", 2), ("B", 0), ("D", 3), ("E", 1));

        var metrics = Evaluator.Evaluate(["A", "B", "C", "D"], judgments);

        Assert.Equal(4, metrics.Retrieved);
        Assert.Equal(3, metrics.Relevant);
        Assert.Equal(2, metrics.RelevantRetrieved);
        Assert.Equal((1.0 + 2.0 / 4) / 3, metrics.AveragePrecision, Tolerance);
        Assert.Equal(1.0, metrics.ReciprocalRank, Tolerance);
        Assert.Equal(2.0 / 3, metrics.NdcgAt(1), Tolerance);       // 2 / 3: ideal puts D first
        Assert.Equal(0.6913328016675099, metrics.NdcgAt(5), 1e-12); // (2 + 3/log2 5) / (3 + 2/log2 3 + 1/2)
        Assert.Equal(1.0 / 3, metrics.PrecisionAt(3), Tolerance);
        Assert.Equal(2.0 / 5, metrics.PrecisionAt(5), Tolerance);
        Assert.Equal(1.0 / 3, metrics.RecallAt(3), Tolerance);
        Assert.Equal(2.0 / 3, metrics.RecallAt(5), Tolerance);
        Assert.Equal(0.5, metrics.MapAt(10), Tolerance);
        Assert.Equal(1.0, metrics.HitAt(1));
    }

    [Fact]
    public void MapAt_CutBetweenRelevantDocuments_DividesByAllRelevant()
    {
        var judgments = Judgments(("A", 1), ("D", 1), ("E", 1));
        var evaluator = new RankingEvaluator(EvaluationOptions.Default with { MapCutoffs = [3] });

        var metrics = evaluator.Evaluate(["A", "B", "C", "D"], judgments);

        Assert.Equal(1.0 / 3, metrics.MapAt(3), Tolerance);
        Assert.Equal((1.0 + 2.0 / 4) / 3, metrics.AveragePrecision, Tolerance);
    }

    [Fact]
    public void Evaluate_NoResults_ScoresZeroAndStillCountsRelevant()
    {
        var judgments = Judgments(("A", 1), ("B", 2));

        var metrics = Evaluator.Evaluate([], judgments);

        Assert.Equal(0, metrics.Retrieved);
        Assert.Equal(2, metrics.Relevant);
        Assert.Equal(0, metrics.AveragePrecision);
        Assert.Equal(0, metrics.ReciprocalRank);
        Assert.Equal(0, metrics.NdcgAt(10));
        Assert.Equal(0, metrics.RecallAt(100));
        Assert.Equal(0, metrics.HitAt(100));
    }

    [Fact]
    public void Evaluate_OnlyNonRelevantJudgments_ScoresZeroNotNaN()
    {
        var judgments = Judgments(("A", 0), ("B", 0));

        var metrics = Evaluator.Evaluate(["A", "B"], judgments);

        Assert.Equal(0, metrics.Relevant);
        Assert.Equal(0, metrics.AveragePrecision);
        Assert.Equal(0, metrics.NdcgAt(10));
        Assert.Equal(0, metrics.RecallAt(10));
        Assert.Equal(0, metrics.MapAt(10));
        Assert.Equal(0, metrics.PrecisionAt(1));
    }

    [Fact]
    public void Evaluate_FewerResultsThanK_DividesPrecisionByKAndKeepsFinalValues()
    {
        var judgments = Judgments(("X", 1), ("Y", 1), ("Z", 1));

        var metrics = Evaluator.Evaluate(["X", "Y"], judgments);

        Assert.Equal(2.0 / 5, metrics.PrecisionAt(5), Tolerance);
        Assert.Equal(2.0 / 100, metrics.PrecisionAt(100), Tolerance);
        Assert.Equal(2.0 / 3, metrics.RecallAt(100), Tolerance);
        Assert.Equal(0.7653606369886217, metrics.NdcgAt(5), 1e-12); // (1 + 1/log2 3) / (1 + 1/log2 3 + 1/2)
    }

    [Fact]
    public void Evaluate_UnjudgedDocuments_CountAsNonRelevant()
    {
        var judgments = Judgments(("R", 1));

        var metrics = Evaluator.Evaluate(["u1", "u2", "R"], judgments);

        Assert.Equal(3, metrics.FirstRelevantRank);
        Assert.Equal(1.0 / 3, metrics.ReciprocalRank, Tolerance);
        Assert.Equal(0, metrics.HitAt(1));
        Assert.Equal(1, metrics.HitAt(3));
        Assert.Equal(1.0 / 3, metrics.PrecisionAt(3), Tolerance);
    }

    [Fact]
    public void Evaluate_MaxDepth_CutsRankingBeforeEvaluation()
    {
        var judgments = Judgments(("R", 1), ("S", 1));
        var cut = new RankingEvaluator(EvaluationOptions.Default with { MaxDepth = 2 });

        var metrics = cut.Evaluate(["a", "R", "b", "S"], judgments);

        Assert.Equal(2, metrics.Retrieved);
        Assert.Equal(1, metrics.RelevantRetrieved);
        Assert.Equal(0.5 / 2, metrics.AveragePrecision, Tolerance);
        Assert.Equal(1.0 / 100, metrics.PrecisionAt(100), Tolerance);
    }

    [Theory]
    [InlineData(1, 0.0)]
    [InlineData(2, 0.0)]
    [InlineData(3, 1.0 / 3)]
    [InlineData(10, 1.0 / 3)]
    public void MrrAt_FirstRelevantAtRankThree_CountsOnlyWithinK(int k, double expected)
    {
        var judgments = Judgments(("R", 1));

        var metrics = Evaluator.Evaluate(["a", "b", "R"], judgments);

        Assert.Equal(expected, metrics.MrrAt(k), Tolerance);
    }

    [Fact]
    public void PrecisionAt_CutoffNotEvaluated_Throws()
    {
        var metrics = Evaluator.Evaluate(["a"], Judgments(("a", 1)));

        var problem = Assert.Throws<ArgumentOutOfRangeException>(() => metrics.PrecisionAt(7));

        Assert.Contains("k = 7", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_NonPositiveCutoff_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new RankingEvaluator(EvaluationOptions.Default with { Cutoffs = [0, 5] }));
    }
}
