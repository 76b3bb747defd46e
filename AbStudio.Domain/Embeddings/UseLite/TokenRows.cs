namespace AbStudio.Domain.Embeddings.UseLite;

/// <summary>Where each text's tokens sit in a batch whose rows are all texts' tokens back to back.</summary>
internal sealed class TokenRows
{
    public TokenRows(IReadOnlyList<int[]> tokenIds, int maxTokens)
    {
        Offsets = new int[tokenIds.Count];
        Lengths = new int[tokenIds.Count];
        var total = 0;
        for (var text = 0; text < tokenIds.Count; text++)
        {
            Offsets[text] = total;
            Lengths[text] = Math.Min(tokenIds[text].Length, maxTokens);
            total += Lengths[text];
        }

        Total = total;
    }

    public int[] Offsets { get; }

    public int[] Lengths { get; }

    public int Count => Offsets.Length;

    public int Total { get; }
}
