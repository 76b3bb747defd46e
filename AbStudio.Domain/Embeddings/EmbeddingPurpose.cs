using Microsoft.Extensions.AI;

namespace AbStudio.Domain.Embeddings;

/// <summary>Whether texts are embedded as queries or as documents: each gets its own prefix.</summary>
public enum EmbeddingPurpose
{
    Document,
    Query,
}

/// <summary>Carries the <see cref="EmbeddingPurpose"/> through <see cref="EmbeddingGenerationOptions"/>.</summary>
public static class EmbeddingPurposeOptions
{
    public const string PropertyName = "abstudio.purpose";

    public static EmbeddingGenerationOptions For(EmbeddingPurpose purpose) =>
        new() { AdditionalProperties = new AdditionalPropertiesDictionary { [PropertyName] = purpose } };

    public static EmbeddingPurpose? PurposeOf(EmbeddingGenerationOptions? options) =>
        options?.AdditionalProperties?.TryGetValue(PropertyName, out var value) == true && value is EmbeddingPurpose purpose
            ? purpose
            : null;
}
