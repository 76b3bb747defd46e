namespace AbStudio.Domain.Embeddings.Remote;

/// <summary>
/// Base of the providers that call a server: splits texts into batches of
/// <see cref="RemoteEmbeddingOptions.MaxBatchSize"/> sent one after the other (order kept), checks
/// that every answer has one vector per text of the expected length, L2-normalises every vector, and
/// records the revision the server reports.
/// </summary>
/// <remarks>
/// Vectors are normalised here rather than trusted: OpenAI's are unit length already (normalising
/// changes nothing), but other OpenAI-compatible servers and Ollama models need not be, and the vector
/// store and its dot-product search assume unit vectors. A zero vector stays zero and is marked empty.
/// </remarks>
public abstract class RemoteEmbeddingGenerator : EmbeddingProvider
{
    // A one-word text whose only use is to learn the dimensions of a model that did not declare them.
    private const string DimensionsProbe = "dimensions";

    private readonly Lock _gate = new();
    private readonly int _maxBatchSize;
    private EmbeddingModelInfo _model;
    private bool _answered;

    /// <param name="provider">The provider name ("openai", "ollama").</param>
    /// <param name="options">The server's settings; <see cref="RemoteEmbeddingOptions.Model"/> is required.</param>
    /// <param name="dimensions">Declared dimensions: sent to the server and checked on every vector. Null: learnt from the first answer.</param>
    /// <param name="prefixes">Query and document prefixes, as for local providers.</param>
    protected RemoteEmbeddingGenerator(string provider, RemoteEmbeddingOptions options, int? dimensions, EmbeddingPrefixes? prefixes)
        : base(prefixes)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (string.IsNullOrWhiteSpace(options.Model))
        {
            throw new ArgumentException(
                $"The {provider} provider needs a model: set it on the arm or in its configuration section (docs/embeddings.md).", nameof(options));
        }

        if (dimensions is { } declared)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(declared, 1, nameof(dimensions));
        }

        DeclaredDimensions = dimensions;
        _maxBatchSize = options.MaxBatchSize;
        _model = new EmbeddingModelInfo(provider, options.Model, options.Model, dimensions ?? 0);
    }

    /// <summary>
    /// Before the first answer, the configured model as revision; after it, what the server reported
    /// (see <see cref="RemoteAnswer.Revision"/>) and the dimensions of its vectors.
    /// </summary>
    public override EmbeddingModelInfo Model
    {
        get
        {
            lock (_gate)
            {
                return _model;
            }
        }
    }

    protected int? DeclaredDimensions { get; }

    /// <summary>The model asked for, as configured.</summary>
    protected string ModelName => Model.ModelId;

    protected sealed override async Task<float[]> EmbedAsync(IReadOnlyList<string> texts, string prefix, CancellationToken cancellationToken)
    {
        if (texts.Count == 0)
        {
            if (Model.Dimensions == 0)
            {
                Accept(await EmbedBatchAsync([DimensionsProbe], cancellationToken), 1);
            }

            return [];
        }

        float[]? vectors = null;
        for (var first = 0; first < texts.Count; first += _maxBatchSize)
        {
            var count = Math.Min(_maxBatchSize, texts.Count - first);
            var batch = new string[count];
            for (var i = 0; i < count; i++)
            {
                batch[i] = prefix + texts[first + i];
            }

            var answer = await EmbedBatchAsync(batch, cancellationToken);
            var dimensions = Accept(answer, count, first);
            vectors ??= new float[texts.Count * dimensions];
            for (var i = 0; i < count; i++)
            {
                var row = vectors.AsSpan((first + i) * dimensions, dimensions);
                answer.Vectors[i].CopyTo(row);
                UnitVector.Normalize(row);
            }
        }

        return vectors!;
    }

    /// <summary>One request: <paramref name="texts"/> (prefixes applied, never empty), answered in the same order.</summary>
    protected abstract Task<RemoteAnswer> EmbedBatchAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken);

    // new Uri(base, "embeddings") drops the last segment of a base without a trailing slash ("/v1").
    protected static Uri WithTrailingSlash(Uri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        return uri.AbsoluteUri.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");
    }

    /// <summary>Checks an answer for <paramref name="count"/> texts and records its revision; returns its dimensions.</summary>
    private int Accept(RemoteAnswer answer, int count, int firstText = 0)
    {
        lock (_gate)
        {
            var model = _model;
            if (answer.Vectors.Count != count)
            {
                throw new InvalidDataException(
                    $"{model.Provider} model '{model.ModelId}' answered {answer.Vectors.Count} vectors for {count} texts.");
            }

            var expected = model.Dimensions > 0 ? model.Dimensions : answer.Vectors[0].Length;
            for (var i = 0; i < count; i++)
            {
                if (answer.Vectors[i].Length != expected)
                {
                    var why = DeclaredDimensions is not null ? "as declared" : "as in its earlier vectors";
                    throw new InvalidDataException(
                        $"{model.Provider} model '{model.ModelId}' returned {answer.Vectors[i].Length} dimensions for text {firstText + i}; expected {expected} ({why}).");
                }
            }

            var revision = string.IsNullOrWhiteSpace(answer.Revision) ? model.ModelId : answer.Revision;
            if (_answered && revision != model.Revision)
            {
                // Vectors of two model versions in one collection would be compared as if alike.
                throw new InvalidDataException(
                    $"{model.Provider} model '{model.ModelId}' changed between requests: revision '{model.Revision}' before, '{revision}' now.");
            }

            _model = model with { Revision = revision, Dimensions = expected };
            _answered = true;
            return expected;
        }
    }
}

/// <summary>
/// A server's answer to one batch: one vector per text, in the order sent, and the revision it reports
/// (OpenAI-compatible: <c>model</c>, plus <c>@system_fingerprint</c> when present), or null to use the
/// configured model name.
/// </summary>
public sealed record RemoteAnswer(IReadOnlyList<float[]> Vectors, string? Revision);
