using Microsoft.Extensions.AI;

namespace AbStudio.Domain.Embeddings;

/// <summary>
/// Base of every embedding provider, local or remote. It owns what every provider must do the same
/// way: prefixes, the empty-text rule, the dimensions check and the metadata.
/// </summary>
/// <remarks>
/// Empty text (null, empty or whitespace only) is never sent to a model: USE-Lite, for one, returns a
/// confident non-zero vector for "", which would rank empty passages like real ones. Such a text gets
/// an all-zero vector marked with <see cref="EmptyPropertyName"/> instead of an exception, because a
/// corpus of thousands of passages should not fail to build over one empty passage: a zero vector
/// scores 0 against every query, so it never outranks a passage with content, and the mark lets the
/// collection builder count and report it. A text the model has nothing for (glove-avg with no known
/// word, hashing with no word, a remote model answering a zero vector) gets the same zero vector and mark.
/// </remarks>
public abstract class EmbeddingProvider : IEmbeddingGenerator<string, Embedding<float>>
{
    /// <summary>Set to true in <see cref="Embedding.AdditionalProperties"/> on an all-zero vector.</summary>
    public const string EmptyPropertyName = "abstudio.empty";

    protected EmbeddingProvider(EmbeddingPrefixes? prefixes) => Prefixes = prefixes ?? EmbeddingPrefixes.None;

    public EmbeddingPrefixes Prefixes { get; }

    /// <summary>
    /// What produces the vectors. <see cref="EmbeddingModelInfo.Dimensions"/> is 0 only for a remote model
    /// whose dimensions were not declared, until its first answer tells them.
    /// </summary>
    public abstract EmbeddingModelInfo Model { get; }

    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (options?.Dimensions is { } requested && Model.Dimensions is > 0 and var produced && requested != produced)
        {
            throw new ArgumentException(
                $"{Model.Provider} model '{Model.ModelId}' produces {produced} dimensions; {requested} were requested.", nameof(options));
        }

        var prefix = PrefixFor(options);
        var texts = values as IReadOnlyList<string> ?? values.ToList();
        var nonEmpty = new List<string>(texts.Count);
        var rowOfText = new int[texts.Count];
        for (var i = 0; i < texts.Count; i++)
        {
            rowOfText[i] = string.IsNullOrWhiteSpace(texts[i]) ? -1 : nonEmpty.Count;
            if (rowOfText[i] >= 0)
            {
                nonEmpty.Add(texts[i]);
            }
        }

        // Called even with no text left, so a remote model of unknown dimensions can learn them.
        var vectors = await EmbedAsync(nonEmpty, prefix, cancellationToken);

        var model = Model;
        var dimensions = model.Dimensions;
        var empty = new float[dimensions];
        var createdAt = DateTimeOffset.UtcNow;
        var result = new GeneratedEmbeddings<Embedding<float>>(texts.Count);
        for (var i = 0; i < texts.Count; i++)
        {
            var vector = rowOfText[i] < 0 ? empty : vectors.AsMemory(rowOfText[i] * dimensions, dimensions);
            var embedding = new Embedding<float>(vector) { ModelId = model.ModelId, CreatedAt = createdAt };
            if (rowOfText[i] < 0 || !HasContent(vector.Span))
            {
                embedding.AdditionalProperties = new AdditionalPropertiesDictionary { [EmptyPropertyName] = true };
            }

            result.Add(embedding);
        }

        return result;
    }

    /// <summary>
    /// One unit vector per text, embedded as <paramref name="prefix"/> + text, row-major
    /// (texts.Count × <see cref="Model"/>'s dimensions, read after this returns), with a row left at zero
    /// when the model has nothing for the text itself: a prefix alone is not content. Texts are never
    /// empty here, but the list may be.
    /// </summary>
    protected abstract Task<float[]> EmbedAsync(IReadOnlyList<string> texts, string prefix, CancellationToken cancellationToken);

    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null)
        {
            return null;
        }

        if (serviceType == typeof(EmbeddingGeneratorMetadata))
        {
            var model = Model;
            return new EmbeddingGeneratorMetadata(model.Provider, null, model.ModelId, model.Dimensions > 0 ? model.Dimensions : null);
        }

        if (serviceType == typeof(EmbeddingModelInfo))
        {
            return Model;
        }

        return serviceType.IsInstanceOfType(this) ? this : null;
    }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
    }

    // With prefixes configured, guessing query or document would silently cost retrieval quality.
    private string PrefixFor(EmbeddingGenerationOptions? options)
    {
        if (Prefixes.IsNone)
        {
            return "";
        }

        var purpose = EmbeddingPurposeOptions.PurposeOf(options) ?? throw new ArgumentException(
            $"{Model.Provider} has query/document prefixes configured: pass EmbeddingPurposeOptions.For(EmbeddingPurpose.Query or .Document).",
            nameof(options));
        return Prefixes.For(purpose);
    }

    private static bool HasContent(ReadOnlySpan<float> vector) => vector.IndexOfAnyExcept(0f) >= 0;
}

/// <summary>Reads the marks <see cref="EmbeddingProvider"/> puts on embeddings.</summary>
public static class EmbeddingMarks
{
    /// <summary>True when the vector is all zeros because the text was empty or the model had nothing for it.</summary>
    public static bool IsEmpty(this Embedding<float> embedding)
    {
        ArgumentNullException.ThrowIfNull(embedding);
        return embedding.AdditionalProperties?.TryGetValue(EmbeddingProvider.EmptyPropertyName, out var value) == true
            && value is true;
    }
}
