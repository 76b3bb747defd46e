using AbStudio.Domain.AbTests;
using AbStudio.Domain.AbTests.Definitions;
using AbStudio.Domain.Collections.Planning;
using AbStudio.Domain.Exports;
using AbStudio.Domain.Persistence;
using AbStudio.Domain.Runs.Execution;
using AbStudio.Domain.Runs.Summary;
using Microsoft.EntityFrameworkCore;

namespace AbStudio.Domain.Runs.Results;

/// <summary>A stored run read back whole: its test, corpus, every arm's outcomes in query order, and the collections used.</summary>
public sealed record RunResults(
    Run Run,
    AbTest Test,
    TestDefinition Definition,
    RunCorpus Corpus,
    IReadOnlyList<ArmRun> Arms,
    IReadOnlyDictionary<string, ArmCollectionInfo?> Collections)
{
    /// <summary>The analysis of the stored outcomes: the same numbers the run computed, from the same rows.</summary>
    public RunSummary Analyse(CancellationToken cancellationToken = default) =>
        RunSummary.Build(Corpus, Test.KValues, Arms, Definition.Statistics.ToOptions(), cancellationToken);

    /// <summary>What results.json says besides the numbers: the test, the dataset, each arm's collection.</summary>
    public ResultsContext Context() =>
        new(Definition, Corpus.DatasetContentHash, Corpus.DocumentIds.Count, Definition.Statistics.ToOptions(), Collections);

    /// <summary>The run analysed, as every export format reads it.</summary>
    public RunExport ToExport(DateTime generatedAt) => new(Run.Id, Analyse(), Arms, Context(), generatedAt);
}

/// <summary>Reads a run's stored query results back into outcomes (for its analysis and its exports).</summary>
public sealed class RunResultsReader(IDbContextFactory<AbStudioDbContext> contexts, RunCorpusLoader corpora)
{
    public async Task<RunResults> ReadAsync(Guid runId, RunCorpus? corpus = null, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var run = await db.Runs.AsNoTracking().SingleOrDefaultAsync(r => r.Id == runId, cancellationToken)
            ?? throw new InvalidOperationException($"Run {runId} does not exist.");
        var test = await db.Tests.AsNoTracking().Include(t => t.Arms).ThenInclude(a => a.Collection).SingleAsync(t => t.Id == run.TestId, cancellationToken);
        corpus ??= await corpora.LoadAsync(test.DatasetId, test.Split, cancellationToken);
        var queryIds = await QueryKeysAsync(db, test.DatasetId, cancellationToken);
        var externalOf = queryIds.ToDictionary(p => p.Value, p => p.Key);

        var metricNames = RunMetrics.For(test.KValues).Select(m => m.Name).ToList();
        var arms = new List<ArmRun>();
        var collections = new Dictionary<string, ArmCollectionInfo?>(StringComparer.Ordinal);
        foreach (var arm in test.Arms.OrderBy(a => a.Ordinal))
        {
            var outcomes = new Dictionary<string, QueryOutcome>(StringComparer.Ordinal);
            var metrics = new Dictionary<string, Dictionary<string, double>>(StringComparer.Ordinal);
            await foreach (var row in db.QueryResults.AsNoTracking().Where(r => r.RunId == runId && r.ArmId == arm.Id)
                .Select(r => new { r.QueryId, r.RankingJson, r.MetricsJson, r.EmbedMs, r.SearchMs, r.FusionMs, r.RerankMs, r.TotalMs })
                .AsAsyncEnumerable().WithCancellation(cancellationToken))
            {
                var id = externalOf[row.QueryId];
                outcomes[id] = new QueryOutcome(id, QueryResultJson.ReadRanking(row.RankingJson), new StageLatency(row.EmbedMs, row.SearchMs, row.FusionMs, row.RerankMs, row.TotalMs));
                metrics[id] = QueryResultJson.ReadMetrics(row.MetricsJson);
            }

            var missing = corpus.Queries.Count(q => !outcomes.ContainsKey(q.Id));
            if (missing > 0)
            {
                throw new InvalidOperationException($"Run {runId}, arm '{arm.Name}': {missing} of {corpus.Queries.Count} queries have no stored result; the run is not complete.");
            }

            arms.Add(new ArmRun(arm.Name, [.. corpus.Queries.Select(q => outcomes[q.Id])], PerQuery(corpus, metricNames, metrics, arm.Name)));
            collections[arm.Name] = CollectionInfo(arm);
        }

        return new RunResults(run, test, test.Definition, corpus, arms, collections);
    }

    /// <summary>External query id → row id, for the dataset's queries.</summary>
    internal static async Task<Dictionary<string, long>> QueryKeysAsync(AbStudioDbContext db, Guid datasetId, CancellationToken cancellationToken) =>
        await db.Queries.AsNoTracking().Where(q => q.DatasetId == datasetId)
            .Select(q => new { q.ExternalId, q.Id })
            .ToDictionaryAsync(q => q.ExternalId, q => q.Id, StringComparer.Ordinal, cancellationToken);

    /// <summary>Each metric's stored values in the corpus's query order: what the summary aggregates, never re-scored.</summary>
    private static Dictionary<string, double[]> PerQuery(
        RunCorpus corpus, IReadOnlyList<string> metricNames, Dictionary<string, Dictionary<string, double>> stored, string arm)
    {
        var columns = metricNames.ToDictionary(m => m, _ => new double[corpus.Queries.Count], StringComparer.Ordinal);
        for (var q = 0; q < corpus.Queries.Count; q++)
        {
            var values = stored[corpus.Queries[q].Id];
            foreach (var (metric, column) in columns)
            {
                column[q] = values.TryGetValue(metric, out var value)
                    ? value
                    : throw new InvalidDataException($"Arm '{arm}', query '{corpus.Queries[q].Id}': the stored result has no {metric}.");
            }
        }

        return columns;
    }

    private static ArmCollectionInfo? CollectionInfo(Arm arm) =>
        arm.CollectionFingerprint is null
            ? null
            : new ArmCollectionInfo(
                arm.CollectionFingerprint,
                arm.Collection?.Status.ToString().ToLowerInvariant() ?? "deleted",
                Reused: arm.CollectionPlan is CollectionPlanOutcome.Reused,
                arm.Collection?.ChunksTotal ?? 0,
                arm.Collection?.Dimensions ?? 0,
                arm.Collection?.ModelRevision)
            {
                Plan = arm.CollectionPlan?.ToString().ToLowerInvariant(),
                Reason = arm.CollectionPlanReason,
            };
}
