using System.Text.Json;
using AbStudio.Domain.Evaluation.Statistics;

namespace AbStudio.Tests.Domain.Evaluation.Statistics;

/// <summary>
/// SciPy's paired statistics (shared/reference/stats/expected.json) reproduced from the per-query
/// 4-decimal values that trec_eval printed for runs a and b.
/// </summary>
public class PairedComparisonTests
{
    public static TheoryData<string, string> Comparisons => new()
    {
        { "scifact", "ndcg_cut_10" }, { "scifact", "recip_rank" }, { "scifact", "recall_10" }, { "scifact", "P_10" },
        { "cranfield", "ndcg_cut_10" }, { "cranfield", "recip_rank" }, { "cranfield", "recall_10" }, { "cranfield", "P_10" },
    };

    [Theory]
    [MemberData(nameof(Comparisons))]
    public void Of_ReferenceRuns_ReproducesScipy(string dataset, string measure)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(SharedData.Reference("stats", "expected.json")));
        var expected = json.RootElement.GetProperty(dataset).GetProperty(measure);
        var a = TrecEvalOutputFile.PerQuery(SharedData.Reference("trec_eval", dataset, "expected.a.txt"), measure);
        var b = TrecEvalOutputFile.PerQuery(SharedData.Reference("trec_eval", dataset, "expected.b.txt"), measure);
        Assert.Equal(a.Select(q => q.QueryId), b.Select(q => q.QueryId));

        var result = PairedComparison.Of(a.Select(q => q.Value).ToArray(), b.Select(q => q.Value).ToArray(), PairedComparisonOptions.Default, TestContext.Current.CancellationToken);

        Assert.Equal(expected.GetProperty("n").GetInt32(), result.Count);
        Assert.Equal(expected.GetProperty("mean_a").GetDouble(), result.MeanA, 1e-12);
        Assert.Equal(expected.GetProperty("mean_b").GetDouble(), result.MeanB, 1e-12);
        Assert.Equal(expected.GetProperty("mean_diff").GetDouble(), result.MeanDifference, 1e-12);
        Assert.Equal(expected.GetProperty("wins_b").GetInt32(), result.Wins);
        Assert.Equal(expected.GetProperty("losses_b").GetInt32(), result.Losses);
        Assert.Equal(expected.GetProperty("ties").GetInt32(), result.Ties);
        Assert.Equal(expected.GetProperty("sign_test_p_two_sided_exact").GetDouble(), result.SignTestP, 1e-6);
        Assert.Equal(expected.GetProperty("paired_t_statistic").GetDouble(), result.TStatistic, 1e-9);
        Assert.Equal(expected.GetProperty("paired_t_p_two_sided").GetDouble(), result.TTestP, 1e-6);
        Assert.Equal(expected.GetProperty("wilcoxon_p_two_sided_normal_approx_no_continuity").GetDouble(), result.WilcoxonP, 1e-6);
    }

    [Fact]
    public void Of_SameSeed_GivesIdenticalRandomizedResults()
    {
        var (a, b) = Sample(60);

        var first = PairedComparison.Of(a, b, PairedComparisonOptions.Default, TestContext.Current.CancellationToken);
        var second = PairedComparison.Of(a, b, PairedComparisonOptions.Default, TestContext.Current.CancellationToken);

        Assert.Equal(first, second);
    }

    [Fact]
    public void Of_ConstantShift_HasEffectSizeFromDifferencesOnly()
    {
        double[] a = [0.1, 0.5, 0.9, 0.3];
        double[] b = [0.3, 0.6, 1.2, 0.4]; // differences 0.2, 0.1, 0.3, 0.1: mean 0.175, sd 0.0957427

        var result = PairedComparison.Of(a, b, PairedComparisonOptions.Default, TestContext.Current.CancellationToken);

        Assert.Equal(0.175, result.MeanDifference, 1e-12);
        Assert.Equal(0.175 / 0.09574271077563381, result.CohensDz, 1e-9);
        Assert.Equal((4, 0, 0), (result.Wins, result.Ties, result.Losses));
        Assert.Equal(0.125, result.SignTestP, 1e-12);          // 2 · (1/2)⁴
        Assert.Equal(1.0 / 16 * 2, result.RandomizationP, 1e-12); // exact: all + or all − of 16
    }

    [Fact]
    public void Of_DifferentLengths_Throws()
    {
        Assert.Throws<ArgumentException>(() => PairedComparison.Of([1.0, 2.0], [1.0], PairedComparisonOptions.Default, TestContext.Current.CancellationToken));
    }

    internal static (double[] A, double[] B) Sample(int n)
    {
        var random = new SplitMix64(7);
        var a = new double[n];
        var b = new double[n];
        for (var i = 0; i < n; i++)
        {
            a[i] = Math.Round(random.NextDouble(), 4);
            b[i] = Math.Round(Math.Clamp(a[i] + ((random.NextDouble() - 0.4) * 0.3), 0, 1), 4);
        }

        return (a, b);
    }
}
