using AbStudio.Domain.Embeddings.Glove;
using AbStudio.Domain.Embeddings.Hashing;
using AbStudio.Domain.Embeddings.UseLite;
using Microsoft.Extensions.AI;

namespace AbStudio.Domain.Embeddings;

/// <summary>What an arm says about its embedding provider, plus where local models live.</summary>
public sealed record EmbeddingProviderSettings(
    string Provider,
    string ModelsDirectory,
    string? Model = null,
    int? Dimensions = null,
    string? QueryPrefix = null,
    string? DocumentPrefix = null,
    bool RemoveStopWords = false);

/// <summary>Creates an embedding generator from a provider name, for collection builds and runs.</summary>
public static class EmbeddingProviderFactory
{
    public static IReadOnlyList<string> LocalProviders { get; } = ["use-lite", "glove-avg", "hashing"];

    public static IEmbeddingGenerator<string, Embedding<float>> Create(EmbeddingProviderSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var prefixes = new EmbeddingPrefixes(settings.QueryPrefix ?? "", settings.DocumentPrefix ?? "");
        return settings.Provider switch
        {
            "use-lite" => RequireDimensions(new UseLiteEmbeddingGenerator(settings.ModelsDirectory, prefixes), settings),
            "glove-avg" => RequireDimensions(new GloveAverageEmbeddingGenerator(settings.ModelsDirectory, settings.RemoveStopWords, prefixes), settings),
            "hashing" => new FeatureHashingEmbeddingGenerator(settings.Dimensions ?? FeatureHashingEmbeddingGenerator.DefaultDimensions, bigrams: true, prefixes),
            _ => throw new ArgumentException(
                $"Embedding provider '{settings.Provider}' is not available here; local providers are {string.Join(", ", LocalProviders)}.", nameof(settings)),
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
            throw new ArgumentException($"{settings.Provider} produces {model.Dimensions} dimensions; the arm asks for {requested}. Remove 'dimensions' or set it to {model.Dimensions}.", nameof(settings));
        }

        return generator;
    }
}
