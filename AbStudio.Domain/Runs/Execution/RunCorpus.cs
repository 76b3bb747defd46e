using AbStudio.Domain.Chunking;
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
    IReadOnlyDictionary<string, QueryJudgments> Judgments)
{
    /// <summary>The corpus cut into an arm's chunks: deterministic, so a collection's row order is the chunk order.</summary>
    public List<Chunk> Chunk(ChunkingSettings settings)
    {
        var chunks = new List<Chunk>(DocumentIds.Count);
        for (var i = 0; i < DocumentIds.Count; i++)
        {
            chunks.AddRange(Chunker.Split(DocumentIds[i], DocumentTexts[i], settings));
        }

        return chunks;
    }
}

public sealed record RunQuery(string Id, string Text);
