using AbStudio.Domain.Evaluation;
using AbStudio.Domain.Evaluation.Trec;

namespace AbStudio.Tests.Domain.Evaluation.Trec;

public class TrecEvaluationTests
{
    private static TrecEvaluation Evaluate(string qrels, string run, EvaluationOptions? options = null) =>
        TrecEvaluation.Evaluate(
            TrecQrelsReader.Read(new StringReader(qrels), "qrels.txt"),
            TrecRunReader.Read(new StringReader(run), "run.txt"),
            options ?? EvaluationOptions.Default);

    [Fact]
    public void Evaluate_JudgedQueryWithoutResults_ScoresZeroAndCountsInMean()
    {
        var evaluation = Evaluate("1 0 A 1\n2 0 B 1\n", "1 Q0 A 1 1 t\n");

        Assert.Equal(["1", "2"], evaluation.Queries.Select(q => q.QueryId));
        Assert.Equal(0, evaluation.Queries[1].Metrics.ReciprocalRank);
        Assert.Equal(0.5, evaluation.Mean(m => m.ReciprocalRank));
    }

    [Fact]
    public void Evaluate_QueryOnlyInRun_IsIgnored()
    {
        var evaluation = Evaluate("1 0 A 1\n", "1 Q0 A 1 1 t\n9 Q0 A 1 1 t\n");

        Assert.Equal(["1"], evaluation.Queries.Select(q => q.QueryId));
        Assert.Equal(1.0, evaluation.Mean(m => m.ReciprocalRank));
    }

    [Fact]
    public void Evaluate_TiedScores_RanksByDocumentIdDescending()
    {
        // B and A tie: B ranks first, so the relevant A is at rank 2.
        var evaluation = Evaluate("1 0 A 1\n", "1 Q0 A 1 0.5 t\n1 Q0 B 2 0.5 t\n");

        Assert.Equal(0.5, evaluation.Queries[0].Metrics.ReciprocalRank);
    }

    [Fact]
    public void Evaluate_QueriesOrderedByIdAsStrings()
    {
        var evaluation = Evaluate("10 0 A 1\n9 0 A 1\n100 0 A 1\n", "9 Q0 A 1 1 t\n");

        Assert.Equal(["10", "100", "9"], evaluation.Queries.Select(q => q.QueryId));
    }

    [Fact]
    public void Evaluate_EmptyQrels_HasNoQueriesAndZeroMeans()
    {
        var evaluation = Evaluate("", "1 Q0 A 1 1 t\n");

        Assert.Empty(evaluation.Queries);
        Assert.Equal(0, evaluation.Mean(m => m.AveragePrecision));
    }
}
