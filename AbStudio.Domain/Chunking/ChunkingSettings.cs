namespace AbStudio.Domain.Chunking;

/// <summary>How an arm cuts documents into the passages it embeds.</summary>
public enum ChunkingStrategy
{
    /// <summary>The whole document is one chunk.</summary>
    None,

    /// <summary>Windows of <see cref="ChunkingSettings.Size"/> word tokens, overlapping by <see cref="ChunkingSettings.Overlap"/>.</summary>
    Tokens,

    /// <summary>Windows of Size characters, overlapping by Overlap characters (never splitting a surrogate pair).</summary>
    Characters,

    /// <summary>Whole sentences packed up to Size tokens; consecutive chunks share trailing sentences up to Overlap tokens.</summary>
    Sentences,

    /// <summary>Paragraphs packed up to Size tokens; a longer paragraph falls back to sentences, a longer sentence to token windows.</summary>
    Recursive,
}

/// <summary>
/// Chunking configuration. "Tokens" are whitespace-separated words: model-independent, so the
/// same settings cut the same chunks for every embedding provider (and the fingerprint stays honest).
/// </summary>
public sealed record ChunkingSettings(ChunkingStrategy Strategy = ChunkingStrategy.None, int Size = 256, int Overlap = 32)
{
    public ChunkingSettings Validated()
    {
        if (Strategy == ChunkingStrategy.None)
        {
            return this;
        }

        if (Size < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Size), Size, "chunking.size must be at least 1.");
        }

        if (Overlap < 0 || Overlap >= Size)
        {
            throw new ArgumentOutOfRangeException(nameof(Overlap), Overlap, $"chunking.overlap must be between 0 and size − 1 ({Size - 1}).");
        }

        return this;
    }
}
