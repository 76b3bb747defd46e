using AbStudio.Domain.Embeddings.Glove;
using AbStudio.Domain.Embeddings.Hashing;
using AbStudio.Domain.Embeddings.Remote;
using AbStudio.Domain.Embeddings.UseLite;
using Microsoft.Extensions.Logging;

namespace AbStudio.Domain.Embeddings;

/// <summary>Creates an embedding provider from the name an arm gives ("use-lite", "openai"…) and its settings.</summary>
public static class EmbeddingProviders
{
    /// <summary>Every provider name, in the order documented.</summary>
    public static IReadOnlyList<string> Names { get; } =
    [
        UseLiteEmbeddingGenerator.ModelName,
        GloveAverageEmbeddingGenerator.ModelName,
        FeatureHashingEmbeddingGenerator.ModelName,
        OpenAIEmbeddingGenerator.ProviderName,
        OllamaEmbeddingGenerator.ProviderName,
    ];

    /// <summary>
    /// A new provider; the caller disposes it. Local models are loaded from disk on each call
    /// (glove-avg: 136 MB), so create one per collection build or run, not per batch.
    /// </summary>
    /// <exception cref="ArgumentException">An unknown provider, or dimensions the model cannot produce.</exception>
    public static EmbeddingProvider Create(string provider, EmbeddingProviderSettings settings, ILoggerFactory? loggers = null)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(settings);
        var prefixes = new EmbeddingPrefixes(settings.QueryPrefix ?? "", settings.DocumentPrefix ?? "");
        var logger = loggers?.CreateLogger(typeof(EmbeddingProviders).FullName!);
        EmbeddingProvider created = provider switch
        {
            UseLiteEmbeddingGenerator.ModelName => new UseLiteEmbeddingGenerator(settings.ModelsDirectory, prefixes),
            GloveAverageEmbeddingGenerator.ModelName => new GloveAverageEmbeddingGenerator(settings.ModelsDirectory, settings.RemoveStopWords, prefixes),
            FeatureHashingEmbeddingGenerator.ModelName => new FeatureHashingEmbeddingGenerator(
                settings.Dimensions ?? FeatureHashingEmbeddingGenerator.DefaultDimensions, prefixes: prefixes),
            OpenAIEmbeddingGenerator.ProviderName => new OpenAIEmbeddingGenerator(
                WithModel(settings.OpenAI, settings.Model), settings.Dimensions, prefixes, logger),
            OllamaEmbeddingGenerator.ProviderName => new OllamaEmbeddingGenerator(
                WithModel(settings.Ollama, settings.Model), settings.Dimensions, prefixes, logger),
            _ => throw new ArgumentException(
                $"'{provider}' is not a known embedding provider; use one of {string.Join(", ", Names)}.", nameof(provider)),
        };

        // Fail when the arm is created, not halfway through a collection build.
        if (settings.Dimensions is { } declared && created is LocalEmbeddingGenerator && declared != created.Model.Dimensions)
        {
            var produced = created.Model.Dimensions;
            created.Dispose();
            throw new ArgumentException($"{provider} produces {produced} dimensions; the settings declare {declared}.", nameof(settings));
        }

        return created;
    }

    private static RemoteEmbeddingOptions WithModel(RemoteEmbeddingOptions options, string? model) =>
        string.IsNullOrWhiteSpace(model) ? options : options with { Model = model };
}
