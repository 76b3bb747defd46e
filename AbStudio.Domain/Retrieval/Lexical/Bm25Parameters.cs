namespace AbStudio.Domain.Retrieval.Lexical;

/// <summary>BM25's term-frequency saturation (k1) and length normalisation (b). Defaults are Anserini's for BEIR.</summary>
public sealed record Bm25Parameters(double K1 = 0.9, double B = 0.4)
{
    public Bm25Parameters Validated()
    {
        if (K1 < 0 || double.IsNaN(K1))
        {
            throw new ArgumentOutOfRangeException(nameof(K1), K1, "bm25.k1 must be zero or positive (typical: 0.9 to 1.2).");
        }

        if (B is < 0 or > 1 || double.IsNaN(B))
        {
            throw new ArgumentOutOfRangeException(nameof(B), B, "bm25.b must be between 0 and 1 (typical: 0.4 to 0.75).");
        }

        return this;
    }
}
