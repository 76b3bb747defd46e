using AbStudio.Domain.AbTests.Definitions;
using AbStudio.Domain.Collections;
using AbStudio.Domain.Embeddings.Remote;
using Microsoft.Extensions.Logging;

namespace AbStudio.Domain.Embeddings;

/// <summary>The remote embedding servers arms may name, as configured.</summary>
public sealed record EmbeddingServers(RemoteEmbeddingOptions OpenAI, RemoteEmbeddingOptions Ollama);

/// <summary>
/// The catalogue of embedding providers this host offers. Creates the embedding providers an arm names (its own, and a reranker's second model) with the
/// host's model folder and servers, and says which collection an arm's settings need.
/// </summary>
/// <param name="modelsDirectory">Where local models live (<c>DATA_DIRECTORY/models</c>).</param>
/// <param name="servers">Remote embedding servers (configuration <c>Embeddings:OpenAI</c>, <c>Embeddings:Ollama</c>).</param>
/// <param name="loggers">For the remote providers' retry warnings.</param>
public sealed class EmbeddingCatalog(string modelsDirectory, EmbeddingServers? servers = null, ILoggerFactory? loggers = null)
{
    public string ModelsDirectory => modelsDirectory;

    /// <summary>A new provider; the caller disposes it. <paramref name="settings"/> applies only when it names the same provider.</summary>
    public EmbeddingProvider Create(string provider, EmbeddingDefinition? settings) =>
        Create(new EmbeddingProviderSettings(
            provider,
            modelsDirectory,
            settings?.Provider == provider ? settings.Model : null,
            settings?.Provider == provider ? settings.Dimensions : null,
            settings?.QueryPrefix,
            settings?.DocumentPrefix,
            settings?.Provider == provider && settings.RemoveStopWords));

    /// <summary>A new provider that embeds documents exactly as <paramref name="specification"/> says; the caller disposes it.</summary>
    public EmbeddingProvider ForCollection(CollectionSpecification specification)
    {
        ArgumentNullException.ThrowIfNull(specification);
        return Create(new EmbeddingProviderSettings(
            specification.Provider,
            modelsDirectory,
            specification.Model,
            specification.Dimensions,
            DocumentPrefix: specification.DocumentPrefix,
            // glove-avg records the stop-word choice in its model id (see GloveAverageEmbeddingGenerator).
            RemoveStopWords: specification.Model?.EndsWith(":no-stop-words", StringComparison.Ordinal) == true));
    }

    private EmbeddingProvider Create(EmbeddingProviderSettings settings) =>
        EmbeddingProviderFactory.Create(settings with { OpenAI = servers?.OpenAI ?? new(), Ollama = servers?.Ollama ?? new() }, loggers);

    /// <summary>The collection a vector or hybrid arm searches: everything that shapes its vectors.</summary>
    public static CollectionSpecification CollectionFor(ArmDefinition arm, string datasetContentHash, EmbeddingModelInfo model, string? reuse = null)
    {
        ArgumentNullException.ThrowIfNull(arm);
        ArgumentNullException.ThrowIfNull(model);
        var embedding = arm.Embedding ?? throw new InvalidOperationException($"Arm '{arm.Name}' has no embedding provider.");
        return new CollectionSpecification(
            datasetContentHash, arm.Chunking.ToSettings(), embedding.Provider, model.ModelId, model.Revision, model.Dimensions,
            Normalized: true, embedding.DocumentPrefix, embedding.Index)
        {
            Reuse = reuse,
        };
    }

    /// <summary>The model an arm's provider reports now (its revision decides reuse).</summary>
    public EmbeddingModelInfo ModelOf(ArmDefinition arm)
    {
        ArgumentNullException.ThrowIfNull(arm);
        var embedding = arm.Embedding ?? throw new InvalidOperationException($"Arm '{arm.Name}' has no embedding provider.");
        using var provider = Create(embedding.Provider, embedding);
        return provider.Model;
    }
}
