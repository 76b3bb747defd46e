using System.Diagnostics;
using AbStudio.Domain.AbTests.Definitions;
using AbStudio.Domain.Evaluation.Statistics;
using AbStudio.Domain.Evaluation.Trec;
using AbStudio.Domain.Exports;
using AbStudio.Domain.Retrieval;
using AbStudio.Domain.Runs.Summary;

namespace AbStudio.Domain.Runs.Execution;

/// <summary>A retriever prepared for one arm, and the collection it searches (null for lexical arms).</summary>
public sealed record PreparedArm(IArmRetriever Retriever, ArmCollectionInfo? Collection);

/// <summary>Prepares an arm for a corpus: chunks, indexes, builds or reuses its collection.</summary>
public interface IArmPreparer
{
    Task<PreparedArm> PrepareAsync(ArmDefinition arm, RunCorpus corpus, IProgress<string>? progress, CancellationToken cancellationToken);
}

/// <summary>The finished run: every arm's outcomes, the analysis, and the collections used.</summary>
public sealed record AbTestRunResult(IReadOnlyList<ArmRun> Arms, RunSummary Summary, IReadOnlyDictionary<string, ArmCollectionInfo?> Collections, PairedComparisonOptions Statistics);

/// <summary>
/// Runs an A/B test in process: prepares each arm, answers every query with it, ranks each answer
/// in trec_eval order (so AbStudio's numbers are trec_eval's numbers for the written run files),
/// and analyses the arms against each other.
/// </summary>
public sealed class AbTestRunner(IArmPreparer preparer)
{
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(5);

    public async Task<AbTestRunResult> RunAsync(TestDefinition definition, RunCorpus corpus, IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(corpus);
        if (corpus.Queries.Count == 0)
        {
            throw new InvalidOperationException($"The dataset has no judged queries in split '{definition.Dataset.Split}': nothing to evaluate.");
        }

        var depth = definition.K.Max();
        var arms = new List<ArmRun>();
        var collections = new Dictionary<string, ArmCollectionInfo?>(StringComparer.Ordinal);
        foreach (var arm in definition.Arms)
        {
            progress?.Report($"{arm.Name}: preparing");
            var prepared = await preparer.PrepareAsync(arm, corpus, progress, cancellationToken);
            using var retriever = prepared.Retriever;
            collections[arm.Name] = prepared.Collection;

            var outcomes = new List<QueryOutcome>(corpus.Queries.Count);
            var started = Stopwatch.GetTimestamp();
            var lastReport = started;
            foreach (var query in corpus.Queries)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var (ranking, latency) = await retriever.RetrieveAsync(query.Text, depth, cancellationToken);
                outcomes.Add(new QueryOutcome(query.Id, InTrecOrder(ranking), latency));
                if (Stopwatch.GetElapsedTime(lastReport) > ProgressInterval)
                {
                    progress?.Report($"{arm.Name}: {outcomes.Count} of {corpus.Queries.Count} queries");
                    lastReport = Stopwatch.GetTimestamp();
                }
            }

            progress?.Report($"{arm.Name}: {outcomes.Count} queries in {Stopwatch.GetElapsedTime(started).TotalSeconds:F1} s");
            arms.Add(new ArmRun(arm.Name, outcomes));
        }

        var statistics = new PairedComparisonOptions
        {
            Seed = definition.Statistics.Seed,
            Permutations = definition.Statistics.Permutations,
            BootstrapResamples = definition.Statistics.BootstrapResamples,
        };
        var summary = RunSummary.Build(corpus, definition.K, arms, statistics);
        return new AbTestRunResult(arms, summary, collections, statistics);
    }

    private static RankedDocument[] InTrecOrder(RankedDocument[] ranking)
    {
        var ordered = (RankedDocument[])ranking.Clone();
        Array.Sort(ordered, static (x, y) => TrecOrder.Compare(x.DocumentId, x.Score, y.DocumentId, y.Score));
        return ordered;
    }
}
