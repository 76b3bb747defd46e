using AbStudio.Domain.AbTests.Definitions;
using AbStudio.Domain.Embeddings.Remote;

namespace AbStudio.Domain.Embeddings;

/// <summary>
/// What <see cref="EmbeddingProviders.Create"/> needs: the host's settings (models folder, remote
/// servers) and one arm's embedding choices (model, dimensions, prefixes, stop words).
/// </summary>
public sealed record EmbeddingProviderSettings
{
    /// <summary>Where local model files live (<c>DATA_DIRECTORY/models</c>).</summary>
    public string ModelsDirectory { get; init; } = Path.Combine("data", "models");

    /// <summary>Remote providers: the model to ask for (else the server section's <c>Model</c>). Local providers ignore it.</summary>
    public string? Model { get; init; }

    /// <summary>hashing: the vector length (default 1,024). Others: checked against what the model produces.</summary>
    public int? Dimensions { get; init; }

    public string? QueryPrefix { get; init; }

    public string? DocumentPrefix { get; init; }

    /// <summary>glove-avg: drop stop words before averaging.</summary>
    public bool RemoveStopWords { get; init; }

    /// <summary>Configuration section <c>Embeddings:OpenAI</c>.</summary>
    public RemoteEmbeddingOptions OpenAI { get; init; } = new();

    /// <summary>Configuration section <c>Embeddings:Ollama</c>.</summary>
    public RemoteEmbeddingOptions Ollama { get; init; } = new();

    /// <summary>These host settings with one arm's embedding choices.</summary>
    public EmbeddingProviderSettings ForArm(EmbeddingDefinition embedding)
    {
        ArgumentNullException.ThrowIfNull(embedding);
        return this with
        {
            Model = embedding.Model,
            Dimensions = embedding.Dimensions,
            QueryPrefix = embedding.QueryPrefix,
            DocumentPrefix = embedding.DocumentPrefix,
            RemoveStopWords = embedding.RemoveStopWords,
        };
    }
}
