namespace AbStudio.Domain.Evaluation.Trec;

/// <summary>
/// trec_eval's ranking order: score descending, equal scores by document id descending (ordinal).
/// The runner puts its own rankings in this order before evaluating and writing run files, so the
/// numbers AbStudio shows are the numbers trec_eval computes from AbStudio's run files.
/// </summary>
public static class TrecOrder
{
    public static int Compare(string xId, double xScore, string yId, double yScore)
    {
        var byScore = yScore.CompareTo(xScore);
        return byScore != 0 ? byScore : string.CompareOrdinal(yId, xId);
    }
}
