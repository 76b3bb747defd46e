using AbStudio.Domain.AbTests.Definitions;
using AbStudio.Domain.Evaluation;
using AbStudio.Domain.Exports;
using AbStudio.Domain.Retrieval;
using AbStudio.Domain.Runs.Execution;
using AbStudio.Domain.Runs.Summary;

namespace AbStudio.Tests.Domain.Exports;

/// <summary>
/// A small analysed run for the writer tests: four queries (ids a spreadsheet would run as formulas,
/// and one with leading zeros), arms whose names start with '=' and '@', and rankings chosen so
/// arm B wins some queries and loses others (negative differences).
/// </summary>
internal static class ExportSample
{
    public const string Definition = """
        { "name": "=HYPERLINK(\"x\")", "dataset": { "id": "00000000-0000-0000-0000-000000000001", "split": "test" }, "k": [10, 1],
          "arms": [ { "name": "=bm25", "retrieval": { "mode": "lexical" } },
                    { "name": "@dense", "embedding": { "provider": "hashing", "dimensions": 64 }, "retrieval": { "mode": "vector" } } ],
          "statistics": { "permutations": 100, "bootstrapResamples": 100 } }
        """;

    public static readonly Guid RunId = Guid.Parse("0195f0c4-0000-7000-8000-000000000042");
    public static readonly DateTime GeneratedAt = new(2026, 11, 24, 12, 0, 0, DateTimeKind.Utc);

    public static IReadOnlyList<string> QueryIds { get; } = ["q1", "=1+1", "-2", "007"];

    public static RunExport Build()
    {
        var definition = TestDefinitionReader.Read(Definition);
        var judgments = QueryIds.ToDictionary(q => q, q => new QueryJudgments(new Dictionary<string, int> { [$"{q}-rel"] = 1 }), StringComparer.Ordinal);
        var corpus = new RunCorpus(new string('a', 64), ["d1", "d2"], ["one", "two"], [.. QueryIds.Select(q => new RunQuery(q, $"text of {q}"))], judgments);

        // Arm A finds the relevant document first for q1 and second for "=1+1"; arm B the other way round, and wins "-2".
        var armA = Scored("=bm25", corpus, [
            Outcome("q1", 1, 1.5), Outcome("=1+1", 2, 2.5), Outcome("-2", 0, 3.5), Outcome("007", 1, 4.5)]);
        var armB = Scored("@dense", corpus, [
            Outcome("q1", 2, 10.25), Outcome("=1+1", 1, 11.25), Outcome("-2", 1, 12.25), Outcome("007", 1, 13.25)]);
        var summary = RunSummary.Build(corpus, [1, 10], [armA, armB], definition.Statistics.ToOptions());
        var context = new ResultsContext(definition, corpus.DatasetContentHash, corpus.DocumentIds.Count, definition.Statistics.ToOptions(),
            new Dictionary<string, ArmCollectionInfo?> { ["=bm25"] = null, ["@dense"] = null });
        return new RunExport(RunId, summary, [armA, armB], context, GeneratedAt);
    }

    /// <summary>The arm's outcomes with each query scored as the run job scores (and stores) it.</summary>
    private static ArmRun Scored(string arm, RunCorpus corpus, QueryOutcome[] outcomes)
    {
        var scorer = new QueryScorer([1, 10]);
        var perQuery = scorer.Metrics.ToDictionary(m => m.Name, _ => new double[outcomes.Length], StringComparer.Ordinal);
        for (var q = 0; q < outcomes.Length; q++)
        {
            var scores = scorer.Score(outcomes[q].Ranking, corpus.Judgments[outcomes[q].QueryId]);
            for (var m = 0; m < scores.Length; m++)
            {
                perQuery[scorer.Metrics[m].Name][q] = scores[m];
            }
        }

        return new ArmRun(arm, outcomes, perQuery);
    }

    /// <summary>The relevant document at <paramref name="relevantAt"/> (1-based; 0: not retrieved) among two others.</summary>
    private static QueryOutcome Outcome(string queryId, int relevantAt, double totalMs)
    {
        var ids = new List<string> { "d1", "d2" };
        if (relevantAt > 0)
        {
            ids.Insert(relevantAt - 1, $"{queryId}-rel");
        }

        var ranking = ids.Select((id, i) => new RankedDocument(id, 1.0 / (i + 1))).ToArray();
        return new QueryOutcome(queryId, ranking, new StageLatency(0.25, totalMs - 0.5, 0, 0.25, totalMs));
    }
}
