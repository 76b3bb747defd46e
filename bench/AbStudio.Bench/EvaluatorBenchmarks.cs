using AbStudio.Domain.Evaluation;
using AbStudio.Domain.Evaluation.Trec;
using BenchmarkDotNet.Attributes;

namespace AbStudio.Bench;

/// <summary>
/// The evaluator on 10,000 queries × 1,000 results with the default cut-offs (1, 3, 5, 10, 20, 100;
/// MAP@10, MAP@100). ShortRun (3 warm-ups, 3 measured iterations, 1 launch): the default job takes
/// too long on the 2-core machines for a number that moves by a few percent at most.
/// </summary>
[ShortRunJob]
[MemoryDiagnoser]
public class EvaluatorBenchmarks
{
    private SyntheticRuns _data = null!;
    private RankingEvaluator _evaluator = null!;

    [Params(10_000)]
    public int Queries { get; set; }

    [Params(1_000)]
    public int ResultsPerQuery { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _data = new SyntheticRuns(Queries, ResultsPerQuery, seed: 20_251);
        _evaluator = new RankingEvaluator(EvaluationOptions.Default);
    }

    /// <summary>The runner's path: rankings it produced itself, scored one query at a time.</summary>
    [Benchmark(Baseline = true)]
    public double EvaluateRankedLists()
    {
        var sum = 0.0;
        for (var q = 0; q < _data.Rankings.Length; q++)
        {
            sum += _evaluator.Evaluate(_data.Rankings[q], _data.Judgments[q]).NdcgAt(10);
        }

        return sum;
    }

    /// <summary>The trec-eval verb's path after parsing: rank each query's scored documents (trec_eval order), then score.</summary>
    [Benchmark]
    public int RankAndEvaluateTrecRun() =>
        TrecEvaluation.Evaluate(_data.Qrels, _data.Run, EvaluationOptions.Default).Queries.Count;
}
