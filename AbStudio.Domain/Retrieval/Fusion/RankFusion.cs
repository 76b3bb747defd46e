namespace AbStudio.Domain.Retrieval.Fusion;

/// <summary>
/// Combines a lexical and a vector ranking of documents into one. A document missing from a list
/// contributes nothing from that list. Output is best first; ties go to the lower document id
/// (ordinal), so fusion is deterministic and symmetric in the order documents arrive.
/// </summary>
public static class RankFusion
{
    public static RankedDocument[] Fuse(IReadOnlyList<RankedDocument> lexical, IReadOnlyList<RankedDocument> vector, FusionSettings settings, int limit)
    {
        ArgumentNullException.ThrowIfNull(lexical);
        ArgumentNullException.ThrowIfNull(vector);
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validated();

        var fused = new Dictionary<string, double>(StringComparer.Ordinal);
        if (settings.Method == FusionMethod.Rrf)
        {
            AddReciprocalRanks(fused, lexical, settings.RrfK);
            AddReciprocalRanks(fused, vector, settings.RrfK);
        }
        else
        {
            AddNormalised(fused, lexical, settings.LexicalWeight, settings.Normalization);
            AddNormalised(fused, vector, settings.VectorWeight, settings.Normalization);
        }

        return [.. fused
            .OrderByDescending(d => d.Value)
            .ThenBy(d => d.Key, StringComparer.Ordinal)
            .Take(limit)
            .Select(d => new RankedDocument(d.Key, d.Value))];
    }

    private static void AddReciprocalRanks(Dictionary<string, double> fused, IReadOnlyList<RankedDocument> ranking, int k)
    {
        for (var i = 0; i < ranking.Count; i++)
        {
            var id = ranking[i].DocumentId;
            fused[id] = fused.GetValueOrDefault(id) + (1.0 / (k + i + 1));
        }
    }

    private static void AddNormalised(Dictionary<string, double> fused, IReadOnlyList<RankedDocument> ranking, double weight, ScoreNormalization normalization)
    {
        if (ranking.Count == 0 || weight == 0)
        {
            return;
        }

        var normalise = Normaliser(ranking, normalization);
        foreach (var document in ranking)
        {
            fused[document.DocumentId] = fused.GetValueOrDefault(document.DocumentId) + (weight * normalise(document.Score));
        }
    }

    private static Func<double, double> Normaliser(IReadOnlyList<RankedDocument> ranking, ScoreNormalization normalization)
    {
        if (normalization == ScoreNormalization.MinMax)
        {
            var min = double.PositiveInfinity;
            var max = double.NegativeInfinity;
            foreach (var document in ranking)
            {
                min = Math.Min(min, document.Score);
                max = Math.Max(max, document.Score);
            }

            var range = max - min;
            return range == 0 ? _ => 1 : score => (score - min) / range;
        }

        var mean = 0.0;
        foreach (var document in ranking)
        {
            mean += document.Score;
        }

        mean /= ranking.Count;
        var variance = 0.0;
        foreach (var document in ranking)
        {
            variance += (document.Score - mean) * (document.Score - mean);
        }

        var deviation = Math.Sqrt(variance / ranking.Count);
        return deviation == 0 ? _ => 0 : score => (score - mean) / deviation;
    }
}
