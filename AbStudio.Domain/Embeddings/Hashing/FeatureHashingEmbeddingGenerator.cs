namespace AbStudio.Domain.Embeddings.Hashing;

/// <summary>
/// <c>hashing</c>: signed feature hashing of lower-cased word unigrams (and, by default, bigrams)
/// into a fixed number of dimensions, L2-normalised. No model files, deterministic everywhere:
/// the fast default for CI and a lexical baseline for the learned models.
/// </summary>
/// <remarks>
/// Each feature (a word, or two adjacent words joined by a space) is hashed with FNV-1a 64 over its
/// UTF-8 bytes; the hash modulo the dimensions picks the slot and its top bit the sign (+1/−1), so
/// collisions cancel out on average instead of piling up. Words are <see cref="Words"/> with numbers,
/// lower-cased with the invariant culture.
/// </remarks>
public sealed class FeatureHashingEmbeddingGenerator : LocalEmbeddingGenerator
{
    public const string ModelName = "hashing";
    public const int DefaultDimensions = 1024;

    // Bump when anything above changes: vectors from before would no longer match.
    private const string AlgorithmRevision = "fnv1a64-signed-v1";

    private readonly int _dimensions;
    private readonly bool _bigrams;

    public FeatureHashingEmbeddingGenerator(int dimensions = DefaultDimensions, bool bigrams = true, EmbeddingPrefixes? prefixes = null)
        : base(prefixes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 2);
        _dimensions = dimensions;
        _bigrams = bigrams;
        Model = new EmbeddingModelInfo("local", $"{ModelName}:{(bigrams ? "unigrams+bigrams" : "unigrams")}", AlgorithmRevision, dimensions);
    }

    public override EmbeddingModelInfo Model { get; }

    protected override void Embed(IReadOnlyList<string> texts, string prefix, Span<float> vectors, CancellationToken cancellationToken)
    {
        for (var i = 0; i < texts.Count; i++)
        {
            var vector = vectors.Slice(i * _dimensions, _dimensions);
            // A text without words of its own stays a zero vector, whatever the prefix holds.
            var words = Words.Split(texts[i], includeNumbers: true);
            if (words.Count == 0)
            {
                continue;
            }

            if (prefix.Length > 0)
            {
                words = Words.Split(prefix + texts[i], includeNumbers: true);
            }

            for (var w = 0; w < words.Count; w++)
            {
                words[w] = words[w].ToLowerInvariant();
                Add(vector, words[w]);
                if (_bigrams && w > 0)
                {
                    Add(vector, string.Concat(words[w - 1], " ", words[w]));
                }
            }

            UnitVector.Normalize(vector);
        }
    }

    private void Add(Span<float> vector, string feature)
    {
        var hash = Fnv1a64.Hash(feature);
        vector[(int)(hash % (ulong)_dimensions)] += (hash >> 63) == 0 ? 1f : -1f;
    }
}
