namespace AbStudio.Domain.Embeddings;

/// <summary>
/// Base of the providers that run in-process: they embed synchronously into one buffer, and know
/// their dimensions before the first text. Prefixes and the empty-text rule live in <see cref="EmbeddingProvider"/>.
/// </summary>
public abstract class LocalEmbeddingGenerator : EmbeddingProvider
{
    protected LocalEmbeddingGenerator(EmbeddingPrefixes? prefixes)
        : base(prefixes)
    {
    }

    protected sealed override Task<float[]> EmbedAsync(IReadOnlyList<string> texts, string prefix, CancellationToken cancellationToken)
    {
        var vectors = new float[texts.Count * Model.Dimensions];
        if (texts.Count > 0)
        {
            Embed(texts, prefix, vectors, cancellationToken);
        }

        return Task.FromResult(vectors);
    }

    /// <summary>
    /// Writes one unit vector per text, embedded as <paramref name="prefix"/> + text, into
    /// <paramref name="vectors"/> (row-major, texts.Count × Dimensions), or leaves a row at zero when the
    /// model has nothing for the text itself: a prefix alone is not content. Texts are never empty here.
    /// </summary>
    protected abstract void Embed(IReadOnlyList<string> texts, string prefix, Span<float> vectors, CancellationToken cancellationToken);
}
