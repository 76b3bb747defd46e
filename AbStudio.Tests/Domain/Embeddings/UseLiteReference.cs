using System.IO.Compression;
using System.Text.Json;
using AbStudio.Domain.Embeddings.UseLite;

namespace AbStudio.Tests.Domain.Embeddings;

/// <summary>
/// reference/models/use-lite-reference.json.gz: texts with the token ids and the 512-d embeddings TF.js
/// computed; and one loaded use-lite generator shared by the tests (loading takes a moment).
/// </summary>
internal static class UseLiteReference
{
    private static readonly Lazy<(string[] Texts, int[][] Tokens, float[][] Embeddings)> LazyData = new(Load);
    private static readonly Lazy<UseLiteEmbeddingGenerator> LazyGenerator = new(() => new UseLiteEmbeddingGenerator(LocalModels.Directory));

    public static string[] Texts => LazyData.Value.Texts;

    public static int[][] Tokens => LazyData.Value.Tokens;

    public static float[][] Embeddings => LazyData.Value.Embeddings;

    public static UseLiteEmbeddingGenerator Generator => LazyGenerator.Value;

    private static (string[], int[][], float[][]) Load()
    {
        var path = SharedData.Reference("models", "use-lite-reference.json.gz");
        using var stream = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var document = JsonDocument.Parse(stream);
        var root = document.RootElement;
        var texts = root.GetProperty("sentences").EnumerateArray().Select(t => t.GetString()!).ToArray();
        var tokens = root.GetProperty("tokens").EnumerateArray().Select(t => t.EnumerateArray().Select(i => i.GetInt32()).ToArray()).ToArray();
        var embeddings = root.GetProperty("embeddings").EnumerateArray().Select(e => e.EnumerateArray().Select(v => v.GetSingle()).ToArray()).ToArray();
        return (texts, tokens, embeddings);
    }
}
