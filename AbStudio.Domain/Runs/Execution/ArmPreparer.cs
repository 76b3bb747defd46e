using AbStudio.Domain.AbTests;
using AbStudio.Domain.AbTests.Definitions;
using AbStudio.Domain.Chunking;
using AbStudio.Domain.Collections;
using AbStudio.Domain.Collections.Building;
using AbStudio.Domain.Collections.Storage;
using AbStudio.Domain.Embeddings;
using AbStudio.Domain.Embeddings.Remote;
using AbStudio.Domain.Exports;
using AbStudio.Domain.Retrieval.Lexical;
using AbStudio.Domain.Retrieval.Reranking;

namespace AbStudio.Domain.Runs.Execution;

/// <summary>
/// Turns an arm definition into a ready retriever: chunks the corpus, indexes it with BM25 and/or
/// builds (or reuses) its vector collection in the vector store, and wraps a reranker around it
/// when the arm has one.
/// </summary>
/// <param name="store">Where collections' vectors live: flat files with SQLite, pgvector with PostgreSQL.</param>
/// <param name="modelsDirectory">Where local models live (<c>DATA_DIRECTORY/models</c>).</param>
/// <param name="reuseExisting">Reuse a complete collection with the same fingerprint.</param>
/// <param name="servers">Remote embedding servers (configuration <c>Embeddings:OpenAI</c>, <c>Embeddings:Ollama</c>).</param>
public sealed class ArmPreparer(IVectorStore store, string modelsDirectory, bool reuseExisting, EmbeddingServers? servers = null) : IArmPreparer, IDisposable
{
    private readonly EnglishTextAnalyzer _analyzer = new();
    private readonly VectorCollectionBuilder _builder = new(store);

    public async Task<PreparedArm> PrepareAsync(ArmDefinition arm, RunCorpus corpus, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(arm);
        ArgumentNullException.ThrowIfNull(corpus);
        var chunking = arm.Chunking.ToSettings();
        var chunks = Chunk(corpus, chunking);
        var topN = arm.Retrieval.TopN;
        IArmRetriever retriever;
        ArmCollectionInfo? collection = null;
        switch (arm.Retrieval.Mode)
        {
            case RetrievalMode.Lexical:
                retriever = Lexical(arm, chunks);
                break;
            case RetrievalMode.Vector:
                (var vector, collection) = await VectorAsync(arm, corpus, chunks, chunking, progress, cancellationToken);
                retriever = vector;
                break;
            default:
                (var vectorPart, collection) = await VectorAsync(arm, corpus, chunks, chunking, progress, cancellationToken);
                retriever = new HybridArmRetriever(Lexical(arm, chunks), vectorPart, arm.Retrieval.Fusion.ToSettings(), topN);
                break;
        }

        if (arm.Rerank is { } rerank)
        {
            var texts = corpus.DocumentIds.Zip(corpus.DocumentTexts).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal);
            retriever = new RerankingArmRetriever(retriever, Reranker(arm, rerank), rerank.TopN, id => texts[id]);
        }

        return new PreparedArm(retriever, collection);
    }

    public void Dispose() => _analyzer.Dispose();

    private static List<Chunk> Chunk(RunCorpus corpus, ChunkingSettings settings)
    {
        var chunks = new List<Chunk>(corpus.DocumentIds.Count);
        for (var i = 0; i < corpus.DocumentIds.Count; i++)
        {
            chunks.AddRange(Chunker.Split(corpus.DocumentIds[i], corpus.DocumentTexts[i], settings));
        }

        return chunks;
    }

    private LexicalArmRetriever Lexical(ArmDefinition arm, List<Chunk> chunks) =>
        new(chunks, _analyzer, new Bm25Parameters(arm.Retrieval.Bm25.K1, arm.Retrieval.Bm25.B), arm.Retrieval.TopN);

    private async Task<(VectorArmRetriever Retriever, ArmCollectionInfo Collection)> VectorAsync(
        ArmDefinition arm, RunCorpus corpus, List<Chunk> chunks, ChunkingSettings chunking, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var embedding = arm.Embedding ?? throw new InvalidOperationException($"Arm '{arm.Name}' has no embedding provider.");
        var generator = CreateGenerator(embedding.Provider, embedding);
        try
        {
            var model = EmbeddingProviderFactory.ModelOf(generator);
            var specification = new CollectionSpecification(
                corpus.DatasetContentHash, chunking, embedding.Provider, model.ModelId, model.Revision, model.Dimensions,
                Normalized: true, embedding.DocumentPrefix, embedding.Index);
            var built = await _builder.BuildAsync(specification, chunks, generator, reuseExisting, progress is null ? null : new MessagesOf(progress), cancellationToken);
            var info = new ArmCollectionInfo(built.Fingerprint, "ready", built.Reused, built.DocumentOfChunk.Count, built.Dimensions, model.Revision);
            return (new VectorArmRetriever(generator, store, built.Fingerprint, built.Dimensions, built.DocumentOfChunk, arm.Retrieval.TopN), info);
        }
        catch
        {
            generator.Dispose();
            throw;
        }
    }

    private IReranker Reranker(ArmDefinition arm, RerankDefinition rerank) => rerank.Provider switch
    {
        // "embedding": model names the second local provider (e.g. use-lite), prefixes as the arm's.
        "embedding" => new EmbeddingReranker(CreateGenerator(rerank.Model ?? arm.Embedding?.Provider ?? "use-lite", arm.Embedding)),
        "mmr" => new MmrReranker(CreateGenerator(rerank.Model ?? arm.Embedding?.Provider ?? "use-lite", arm.Embedding), rerank.Lambda),
        "http" => new HttpReranker(new HttpClient { Timeout = TimeSpan.FromSeconds(60) },
            new Uri(rerank.Url ?? throw new InvalidOperationException($"Arm '{arm.Name}': rerank.url is required for the http reranker.")), rerank.Model),
        _ => throw new InvalidOperationException($"Arm '{arm.Name}': unknown reranker '{rerank.Provider}'."),
    };

    private EmbeddingProvider CreateGenerator(string provider, EmbeddingDefinition? settings) =>
        EmbeddingProviderFactory.Create(new EmbeddingProviderSettings(
            provider,
            modelsDirectory,
            settings?.Provider == provider ? settings.Model : null,
            settings?.Provider == provider ? settings.Dimensions : null,
            settings?.QueryPrefix,
            settings?.DocumentPrefix,
            settings?.Provider == provider && settings.RemoveStopWords)
        {
            OpenAI = servers?.OpenAI ?? new(),
            Ollama = servers?.Ollama ?? new(),
        });
}

/// <summary>The remote embedding servers arms may name, as configured.</summary>
public sealed record EmbeddingServers(RemoteEmbeddingOptions OpenAI, RemoteEmbeddingOptions Ollama);

/// <summary>Passes a build's progress lines on, synchronously and in order (Progress&lt;T&gt; would post them).</summary>
internal sealed class MessagesOf(IProgress<string> lines) : IProgress<BuildProgress>
{
    public void Report(BuildProgress value) => lines.Report(value.Message);
}
