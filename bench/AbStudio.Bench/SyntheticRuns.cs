using AbStudio.Domain.Evaluation;
using AbStudio.Domain.Evaluation.Statistics;
using AbStudio.Domain.Evaluation.Trec;

namespace AbStudio.Bench;

/// <summary>
/// A deterministic synthetic test collection: each query ranks distinct documents from a shared
/// pool (ids are shared strings, as a real run's are after parsing) and has 30 judgments, about
/// half of them on documents it retrieved, graded 0–3.
/// </summary>
internal sealed class SyntheticRuns
{
    private const int PoolSize = 100_003; // prime, so any stride visits distinct documents
    private const int JudgmentsPerQuery = 30;

    public SyntheticRuns(int queryCount, int resultsPerQuery, ulong seed)
    {
        var random = new SplitMix64(seed);
        var pool = new string[PoolSize];
        for (var i = 0; i < PoolSize; i++)
        {
            pool[i] = $"doc{i}";
        }

        Rankings = new string[queryCount][];
        Judgments = new QueryJudgments[queryCount];
        var runByQuery = new Dictionary<string, ScoredDocument[]>(queryCount);
        var qrelsByQuery = new Dictionary<string, QueryJudgments>(queryCount);
        for (var q = 0; q < queryCount; q++)
        {
            var start = random.NextBelow(PoolSize);
            var stride = 1 + random.NextBelow(PoolSize - 1);
            var ranking = new string[resultsPerQuery];
            var scored = new ScoredDocument[resultsPerQuery];
            for (var i = 0; i < resultsPerQuery; i++)
            {
                ranking[i] = pool[(int)((start + ((long)i * stride)) % PoolSize)];
                // Scores rounded to 2 decimals so many tie, as in real runs; the ranking sorts them.
                scored[i] = new ScoredDocument(ranking[i], Math.Round(1.0 - ((double)i / resultsPerQuery), 2));
            }

            var grades = new Dictionary<string, int>(JudgmentsPerQuery);
            while (grades.Count < JudgmentsPerQuery)
            {
                var document = grades.Count % 2 == 0
                    ? ranking[random.NextBelow(resultsPerQuery)]
                    : pool[random.NextBelow(PoolSize)];
                grades.TryAdd(document, random.NextBelow(4));
            }

            Rankings[q] = ranking;
            Judgments[q] = new QueryJudgments(grades);
            var queryId = q.ToString(System.Globalization.CultureInfo.InvariantCulture);
            runByQuery.Add(queryId, scored);
            qrelsByQuery.Add(queryId, Judgments[q]);
        }

        Run = new TrecRun(runByQuery);
        Qrels = new Qrels(qrelsByQuery);
    }

    /// <summary>Each query's ranking, best first (the runner's input to the evaluator).</summary>
    public string[][] Rankings { get; }

    public QueryJudgments[] Judgments { get; }

    /// <summary>The same results as a scored TREC run (the trec-eval verb's input after parsing).</summary>
    public TrecRun Run { get; }

    public Qrels Qrels { get; }
}
