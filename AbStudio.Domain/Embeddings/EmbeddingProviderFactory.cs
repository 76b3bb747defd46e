using AbStudio.Domain.Embeddings.Glove;
using AbStudio.Domain.Embeddings.Hashing;
using AbStudio.Domain.Embeddings.Remote;
using AbStudio.Domain.Embeddings.UseLite;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace AbStudio.Domain.Embeddings;

/// <summary>
/// What an arm says about its embedding provider, plus where local models live and, for remote
/// providers, the server settings (configuration sections <c>Embeddings:OpenAI</c> and <c>Embeddings:Ollama</c>).
/// </summary>
/// <param name="Provider">One of <see cref="EmbeddingProviderFactory.Names"/>.</param>
/// <param name="ModelsDirectory">Where local model files live (<c>DATA_DIRECTORY/models</c>).</param>
/// <param name="Model">Remote providers: the model to ask for (else the section's <c>Model</c>). Local providers ignore it.</param>
/// <param name="Dimensions">hashing: the vector length (default 1,024). Local models: must match theirs. Remote: sent and checked.</param>
/// <param name="QueryPrefix">Put before each query; with either prefix set, callers must say query or document.</param>
/// <param name="DocumentPrefix">Put before each document.</param>
/// <param name="RemoveStopWords">glove-avg: drop stop words before averaging.</param>
public sealed record EmbeddingProviderSettings(
    string Provider,
    string ModelsDirectory,
    string? Model = null,
    int? Dimensions = null,
    string? QueryPrefix = null,
    string? DocumentPrefix = null,
    bool RemoveStopWords = false)
{
    public RemoteEmbeddingOptions OpenAI { get; init; } = new();

    public RemoteEmbeddingOptions Ollama { get; init; } = new();
}

/// <summary>Creates an embedding provider from a provider name, for collection builds and runs.</summary>
public static class EmbeddingProviderFactory
{
    public static IReadOnlyList<string> LocalProviders { get; } =
        [UseLiteEmbeddingGenerator.ModelName, GloveAverageEmbeddingGenerator.ModelName, FeatureHashingEmbeddingGenerator.ModelName];

    /// <summary>Every provider name, in the order documented (docs/embeddings.md).</summary>
    public static IReadOnlyList<string> Names { get; } = [.. LocalProviders, OpenAIEmbeddingGenerator.ProviderName, OllamaEmbeddingGenerator.ProviderName];

    /// <summary>
    /// A new provider; the caller disposes it. Local models are loaded from disk on each call
    /// (glove-avg: 136 MB), so create one per collection build or run, not per batch.
    /// </summary>
    /// <exception cref="ArgumentException">An unknown provider, a remote one without a model, or dimensions a local model cannot produce.</exception>
    public static EmbeddingProvider Create(EmbeddingProviderSettings settings, ILoggerFactory? loggers = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var prefixes = new EmbeddingPrefixes(settings.QueryPrefix ?? "", settings.DocumentPrefix ?? "");
        var logger = loggers?.CreateLogger(typeof(EmbeddingProviderFactory).FullName!);
        return settings.Provider switch
        {
            UseLiteEmbeddingGenerator.ModelName => RequireDimensions(new UseLiteEmbeddingGenerator(settings.ModelsDirectory, prefixes), settings),
            GloveAverageEmbeddingGenerator.ModelName => RequireDimensions(
                new GloveAverageEmbeddingGenerator(settings.ModelsDirectory, settings.RemoveStopWords, prefixes), settings),
            FeatureHashingEmbeddingGenerator.ModelName => new FeatureHashingEmbeddingGenerator(
                settings.Dimensions ?? FeatureHashingEmbeddingGenerator.DefaultDimensions, bigrams: true, prefixes),
            OpenAIEmbeddingGenerator.ProviderName => new OpenAIEmbeddingGenerator(
                WithModel(settings.OpenAI, settings.Model), settings.Dimensions, prefixes, logger),
            OllamaEmbeddingGenerator.ProviderName => new OllamaEmbeddingGenerator(
                WithModel(settings.Ollama, settings.Model), settings.Dimensions, prefixes, logger),
            _ => throw new ArgumentException(
                $"'{settings.Provider}' is not a known embedding provider; use one of {string.Join(", ", Names)}.", nameof(settings)),
        };
    }

    /// <summary>The model information every generator created here reports.</summary>
    public static EmbeddingModelInfo ModelOf(IEmbeddingGenerator<string, Embedding<float>> generator)
    {
        ArgumentNullException.ThrowIfNull(generator);
        return generator.GetService<EmbeddingModelInfo>()
            ?? throw new InvalidOperationException($"{generator.GetType().Name} does not report its model (EmbeddingModelInfo).");
    }

    // A fixed-size model cannot honour another size: say so before any work is done.
    private static LocalEmbeddingGenerator RequireDimensions(LocalEmbeddingGenerator generator, EmbeddingProviderSettings settings)
    {
        if (settings.Dimensions is { } requested && requested != generator.Model.Dimensions)
        {
            var model = generator.Model;
            generator.Dispose();
            throw new ArgumentException(
                $"{settings.Provider} produces {model.Dimensions} dimensions; the arm asks for {requested}. Remove 'dimensions' or set it to {model.Dimensions}.",
                nameof(settings));
        }

        return generator;
    }

    private static RemoteEmbeddingOptions WithModel(RemoteEmbeddingOptions options, string? model) =>
        string.IsNullOrWhiteSpace(model) ? options : options with { Model = model };
}
