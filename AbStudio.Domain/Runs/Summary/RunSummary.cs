using AbStudio.Domain.Evaluation;
using AbStudio.Domain.Evaluation.Statistics;
using AbStudio.Domain.Runs.Execution;

namespace AbStudio.Domain.Runs.Summary;

/// <summary>
/// Everything one arm returned, aligned with the corpus's queries (same order, same count): the
/// outcomes, and each metric's per-query values as they were scored and stored when the query ran.
/// </summary>
public sealed record ArmRun(string ArmName, IReadOnlyList<QueryOutcome> Outcomes, IReadOnlyDictionary<string, double[]> PerQuery);

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
        // Metric order (and so the order of every export's columns) is RunMetrics' order.
        var metrics = RunMetrics.For(cutoffs);
        var summaries = arms.Select(arm => Summarise(arm, corpus, metrics)).ToList();

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

    // The per-query values are the stored ones (scored once, when the query ran): the summary only
    // aggregates them, so the means and the per-query rows can never disagree.
    private static ArmSummary Summarise(ArmRun arm, RunCorpus corpus, IReadOnlyList<(string Name, Func<QueryMetrics, double> Read)> metrics)
    {
        if (arm.Outcomes.Count != corpus.Queries.Count)
        {
            throw new ArgumentException($"Arm '{arm.ArmName}' has {arm.Outcomes.Count} outcomes for {corpus.Queries.Count} queries.", nameof(arm));
        }

        var perQuery = new Dictionary<string, double[]>(metrics.Count, StringComparer.Ordinal);
        var means = new Dictionary<string, double>(metrics.Count, StringComparer.Ordinal);
        foreach (var (name, _) in metrics)
        {
            if (!arm.PerQuery.TryGetValue(name, out var values) || values.Length != corpus.Queries.Count)
            {
                throw new ArgumentException($"Arm '{arm.ArmName}' has no stored {name} for each of its {corpus.Queries.Count} queries.", nameof(arm));
            }

            perQuery[name] = values;
            means[name] = values.Length == 0 ? 0 : values.Average();
        }

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
