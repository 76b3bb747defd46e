using AbStudio.Domain.Evaluation;

namespace AbStudio.Domain.Runs.Execution;

/// <summary>
/// What a run reads: the documents (text = title and body, as BEIR baselines index them), the
/// queries of the split that have judgments, and those judgments.
/// </summary>
public sealed record RunCorpus(
    string DatasetContentHash,
    IReadOnlyList<string> DocumentIds,
    IReadOnlyList<string> DocumentTexts,
    IReadOnlyList<RunQuery> Queries,
    IReadOnlyDictionary<string, QueryJudgments> Judgments);

public sealed record RunQuery(string Id, string Text);
