using System.Text.Json;
using AbStudio.Domain.Embeddings;
using AbStudio.Domain.Embeddings.Glove;

namespace AbStudio.Tests.Domain.Embeddings;

/// <summary>reference/models/glove-avg-reference.json: sentences, wink-nlp's word lists and vectors; and the loaded vectors.</summary>
internal static class GloveReference
{
    private static readonly Lazy<Sentence[]> LazySentences = new(Load);
    private static readonly Lazy<GloveVectors> LazyVectors = new(() => GloveVectors.Load(new ModelFolder(LocalModels.Directory, GloveAverageEmbeddingGenerator.ModelName)));

    public static Sentence[] Sentences => LazySentences.Value;

    public static GloveVectors Vectors => LazyVectors.Value;

    /// <summary>Vectors are wink's mean (100 values) followed by its l2 norm; null when no word has a vector.</summary>
    internal sealed record Sentence(string Text, string[] Words, string[] NonStopWords, float[]? Vector, float[]? VectorWithoutStopWords);

    private static Sentence[] Load()
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(SharedData.Reference("models", "glove-avg-reference.json")));
        return document.RootElement.EnumerateArray().Select(e => new Sentence(
            e.GetProperty("s").GetString()!,
            Strings(e.GetProperty("words")),
            Strings(e.GetProperty("nonStopWords")),
            Floats(e.GetProperty("vec")),
            Floats(e.GetProperty("vecNoStop")))).ToArray();
    }

    private static string[] Strings(JsonElement array) => array.EnumerateArray().Select(w => w.GetString()!).ToArray();

    private static float[]? Floats(JsonElement array) =>
        array.ValueKind == JsonValueKind.Null ? null : array.EnumerateArray().Select(v => v.GetSingle()).ToArray();
}
