namespace AbStudio.Domain.Retrieval.Fusion;

/// <summary>How a hybrid arm combines its lexical and vector rankings.</summary>
public enum FusionMethod
{
    /// <summary>Reciprocal rank fusion: Σ 1 / (k + rank); scores are ignored, only ranks count.</summary>
    Rrf,

    /// <summary>Weighted sum of scores after each list is normalised (see <see cref="ScoreNormalization"/>).</summary>
    Weighted,
}

/// <summary>How scores of one list are put on a common scale before a weighted sum.</summary>
public enum ScoreNormalization
{
    /// <summary>(s − min) / (max − min) within the list; a list of equal scores maps to 1.</summary>
    MinMax,

    /// <summary>(s − mean) / standard deviation within the list; a list of equal scores maps to 0.</summary>
    ZScore,
}

/// <summary>The fusion settings of a hybrid arm.</summary>
public sealed record FusionSettings(
    FusionMethod Method = FusionMethod.Rrf,
    int RrfK = 60,
    double LexicalWeight = 0.5,
    ScoreNormalization Normalization = ScoreNormalization.MinMax)
{
    public double VectorWeight => 1 - LexicalWeight;

    public FusionSettings Validated()
    {
        if (RrfK < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(RrfK), RrfK, "fusion.k must be 1 or more (the usual value is 60).");
        }

        if (LexicalWeight is < 0 or > 1 || double.IsNaN(LexicalWeight))
        {
            throw new ArgumentOutOfRangeException(nameof(LexicalWeight), LexicalWeight, "fusion.lexicalWeight must be between 0 and 1; the vector list gets 1 − lexicalWeight.");
        }

        return this;
    }
}
