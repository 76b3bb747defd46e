using AbStudio.Domain.Evaluation;
using AbStudio.Domain.Evaluation.Statistics;
using AbStudio.Domain.Runs.Execution;

namespace AbStudio.Domain.Runs.Summary;

/// <summary>Everything one arm returned, aligned with the corpus's queries (same order, same count).</summary>
public sealed record ArmRun(string ArmName, IReadOnlyList<QueryOutcome> Outcomes);

/// <summary>One arm's numbers: per-query metric values, their means, and latency percentiles per stage.</summary>
public sealed record ArmSummary(
    string ArmName,
    IReadOnlyDictionary<string, double[]> PerQuery,
    IReadOnlyDictionary<string, double> Means,
    LatencySummary TotalLatency,
    IReadOnlyDictionary<string, LatencySummary> StageLatency);

/// <summary>Arm B against arm A on one metric, with Holm-adjusted p-values across the whole family.</summary>
public sealed record ArmComparison(string ArmA, string ArmB, string Metric, PairedComparison Statistics, double RandomizationPHolm, double SignTestPHolm);

/// <summary>
/// A run's analysis: per-arm aggregates, and paired comparisons for every pair of arms on every
/// metric. The family for Holm–Bonferroni is all pairs × all metrics, so "significant" means
/// significant after looking at everything the summary shows.
/// </summary>
public sealed record RunSummary(IReadOnlyList<string> QueryIds, IReadOnlyList<ArmSummary> Arms, IReadOnlyList<ArmComparison> Comparisons)
{
    public static RunSummary Build(
        RunCorpus corpus, IReadOnlyList<int> cutoffs, IReadOnlyList<ArmRun> arms, PairedComparisonOptions statistics, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        ArgumentNullException.ThrowIfNull(arms);
        var scorer = new QueryScorer(cutoffs);
        var metrics = scorer.Metrics;
        var summaries = arms.Select(arm => Summarise(arm, corpus, scorer)).ToList();

        var comparisons = new List<(string A, string B, string Metric, PairedComparison Stats)>();
        for (var a = 0; a < summaries.Count; a++)
        {
            for (var b = a + 1; b < summaries.Count; b++)
            {
                foreach (var (metric, _) in metrics)
                {
                    comparisons.Add((summaries[a].ArmName, summaries[b].ArmName, metric,
                        PairedComparison.Of(summaries[a].PerQuery[metric], summaries[b].PerQuery[metric], statistics, cancellationToken)));
                }
            }
        }

        var randomizationHolm = HolmBonferroni.Adjust([.. comparisons.Select(c => c.Stats.RandomizationP)]);
        var signHolm = HolmBonferroni.Adjust([.. comparisons.Select(c => c.Stats.SignTestP)]);
        return new RunSummary(
            [.. corpus.Queries.Select(q => q.Id)],
            summaries,
            [.. comparisons.Select((c, i) => new ArmComparison(c.A, c.B, c.Metric, c.Stats, randomizationHolm[i], signHolm[i]))]);
    }

    private static ArmSummary Summarise(ArmRun arm, RunCorpus corpus, QueryScorer scorer)
    {
        if (arm.Outcomes.Count != corpus.Queries.Count)
        {
            throw new ArgumentException($"Arm '{arm.ArmName}' has {arm.Outcomes.Count} outcomes for {corpus.Queries.Count} queries.", nameof(arm));
        }

        var perQuery = scorer.Metrics.ToDictionary(m => m.Name, _ => new double[corpus.Queries.Count], StringComparer.Ordinal);
        var columns = scorer.Metrics.Select(m => perQuery[m.Name]).ToArray();
        for (var q = 0; q < corpus.Queries.Count; q++)
        {
            var scores = scorer.Score(arm.Outcomes[q].Ranking, corpus.Judgments[corpus.Queries[q].Id]);
            for (var m = 0; m < scores.Length; m++)
            {
                columns[m][q] = scores[m];
            }
        }

        var means = perQuery.ToDictionary(m => m.Key, m => m.Value.Length == 0 ? 0 : m.Value.Average(), StringComparer.Ordinal);
        double[] Stage(Func<StageLatency, double> read) => [.. arm.Outcomes.Select(o => read(o.Latency))];
        var stages = new Dictionary<string, LatencySummary>(StringComparer.Ordinal)
        {
            ["embed"] = LatencySummary.From(Stage(l => l.EmbedMs)),
            ["search"] = LatencySummary.From(Stage(l => l.SearchMs)),
            ["fusion"] = LatencySummary.From(Stage(l => l.FusionMs)),
            ["rerank"] = LatencySummary.From(Stage(l => l.RerankMs)),
        };
        return new ArmSummary(arm.ArmName, perQuery, means, LatencySummary.From(Stage(l => l.TotalMs)), stages);
    }
}
