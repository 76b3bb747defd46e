namespace AbStudio.Domain.Evaluation;

/// <summary>
/// Scores one query's ranked list against its judgments, as trec_eval 10.0 does: the core the
/// TREC-file path and the runner both use. The caller ranks (best first, distinct documents);
/// this class only reads the ranking once, with no allocation beyond the result.
/// </summary>
public sealed class RankingEvaluator
{
    private readonly int[] _depths;
    private readonly int? _maxDepth;

    public RankingEvaluator(EvaluationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validated();
        Options = options;
        _maxDepth = options.MaxDepth;

        // One sorted set of depths serves every "@k" metric, so the pass snapshots each depth once.
        var depths = new SortedSet<int>(options.Cutoffs);
        depths.UnionWith(options.MapCutoffs);
        _depths = [.. depths];
    }

    public EvaluationOptions Options { get; }

    /// <summary>
    /// Evaluates <paramref name="rankedDocumentIds"/> (best first, each document once) against the
    /// query's judgments. Unjudged documents count as non-relevant. An empty ranking scores 0 on
    /// every metric but still reports the number of relevant documents.
    /// </summary>
    public QueryMetrics Evaluate(ReadOnlySpan<string> rankedDocumentIds, QueryJudgments judgments)
    {
        ArgumentNullException.ThrowIfNull(judgments);
        var retrieved = _maxDepth is { } max && max < rankedDocumentIds.Length ? max : rankedDocumentIds.Length;
        var depthCount = _depths.Length;
        var relevantAt = new int[depthCount];
        var dcgAt = new double[depthCount];
        var idealDcgAt = new double[depthCount];
        var precisionSumAt = new double[depthCount];

        var relevantSoFar = 0;
        var firstRelevantRank = 0;
        var precisionSum = 0.0;
        var dcg = 0.0;
        var nextDepth = 0;
        for (var i = 0; i < retrieved; i++)
        {
            // Snapshot every depth reached before document i + 1 is counted.
            while (nextDepth < depthCount && _depths[nextDepth] == i)
            {
                relevantAt[nextDepth] = relevantSoFar;
                dcgAt[nextDepth] = dcg;
                precisionSumAt[nextDepth] = precisionSum;
                nextDepth++;
            }

            if (!judgments.TryGetGrade(rankedDocumentIds[i], out var grade) || grade < QueryJudgments.RelevanceLevel)
            {
                continue;
            }

            relevantSoFar++;
            if (firstRelevantRank == 0)
            {
                firstRelevantRank = i + 1;
            }

            precisionSum += (double)relevantSoFar / (i + 1);
            dcg += grade / Math.Log2(i + 2);
        }

        // Depths beyond the end of the ranking keep the final values.
        for (; nextDepth < depthCount; nextDepth++)
        {
            relevantAt[nextDepth] = relevantSoFar;
            dcgAt[nextDepth] = dcg;
            precisionSumAt[nextDepth] = precisionSum;
        }

        for (var d = 0; d < depthCount; d++)
        {
            idealDcgAt[d] = judgments.IdealDcgAt(_depths[d]);
        }

        return new QueryMetrics(
            retrieved, judgments.RelevantCount, relevantSoFar, firstRelevantRank, precisionSum,
            _depths, relevantAt, dcgAt, idealDcgAt, precisionSumAt);
    }
}
