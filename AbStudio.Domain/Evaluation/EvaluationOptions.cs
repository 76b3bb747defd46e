namespace AbStudio.Domain.Evaluation;

/// <summary>
/// What to compute: the cut-offs k for P, recall, nDCG, success (Hit) and MAP, and an optional
/// depth at which every ranking is cut before evaluation (trec_eval's <c>-M</c>).
/// </summary>
public sealed record EvaluationOptions
{
    public static readonly IReadOnlyList<int> DefaultCutoffs = [1, 3, 5, 10, 20, 100];
    public static readonly IReadOnlyList<int> DefaultMapCutoffs = [10, 100];

    /// <summary>The defaults used by the product and by the reference files.</summary>
    public static EvaluationOptions Default { get; } = new();

    /// <summary>Cut-offs for P@k, Recall@k, nDCG@k and Hit@k (success), in output order.</summary>
    public IReadOnlyList<int> Cutoffs { get; init; } = DefaultCutoffs;

    /// <summary>Cut-offs for MAP@k (trec_eval map_cut), in output order.</summary>
    public IReadOnlyList<int> MapCutoffs { get; init; } = DefaultMapCutoffs;

    /// <summary>Evaluate only the first N documents of each ranking (trec_eval -M N); null for all.</summary>
    public int? MaxDepth { get; init; }

    /// <summary>Checks that every cut-off and the depth are positive; throws with the offending value.</summary>
    public EvaluationOptions Validated()
    {
        foreach (var k in Cutoffs)
        {
            ThrowIfNotPositive(k, "cut-off");
        }

        foreach (var k in MapCutoffs)
        {
            ThrowIfNotPositive(k, "MAP cut-off");
        }

        if (MaxDepth is { } depth)
        {
            ThrowIfNotPositive(depth, "maximum depth");
        }

        return this;
    }

    private static void ThrowIfNotPositive(int value, string what)
    {
        if (value <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, $"The {what} must be a positive number, not {value}.");
        }
    }
}
