using AbStudio.Domain.AbTests;
using AbStudio.Domain.AbTests.Definitions;
using AbStudio.Domain.Chunking;
using AbStudio.Domain.Collections.Storage;
using AbStudio.Domain.Embeddings;
using AbStudio.Domain.Embeddings.Remote;
using AbStudio.Domain.Retrieval.Lexical;
using AbStudio.Domain.Retrieval.Reranking;

namespace AbStudio.Domain.Runs.Execution;

/// <summary>A collection an arm searches: its fingerprint in the vector store and its vectors' size.</summary>
public sealed record ArmVectors(string Fingerprint, int Dimensions);

/// <summary>
/// Turns an arm definition and its ready collection into a retriever: BM25 over the arm's chunks,
/// and/or the collection's vectors searched with the arm's query embedder, fused for hybrid arms,
/// with the arm's reranker around it. Builds nothing: collections are built by their own jobs
/// before a run starts.
/// </summary>
/// <param name="store">Where the collections' vectors live (flat files or pgvector).</param>
/// <param name="embeddings">Creates the arms' query embedders and rerankers.</param>
public sealed class ArmRetrieverFactory(IVectorStore store, EmbeddingCatalog embeddings) : IDisposable
{
    private readonly EnglishTextAnalyzer _analyzer = new();

    /// <summary>A retriever for <paramref name="arm"/> over <paramref name="corpus"/>; the caller disposes it.</summary>
    /// <param name="arm">The arm as defined.</param>
    /// <param name="corpus">The documents the arm's collection was built from.</param>
    /// <param name="collection">The ready collection of a vector or hybrid arm (null for lexical arms).</param>
    public IArmRetriever Create(ArmDefinition arm, RunCorpus corpus, ArmVectors? collection)
    {
        ArgumentNullException.ThrowIfNull(arm);
        ArgumentNullException.ThrowIfNull(corpus);
        var chunks = corpus.Chunk(arm.Chunking.ToSettings());
        IArmRetriever retriever = arm.Retrieval.Mode switch
        {
            RetrievalMode.Lexical => Lexical(arm, chunks),
            RetrievalMode.Vector => Vector(arm, chunks, collection),
            _ => new HybridArmRetriever(Lexical(arm, chunks), Vector(arm, chunks, collection), arm.Retrieval.Fusion.ToSettings(), arm.Retrieval.TopN),
        };

        if (arm.Rerank is { } rerank)
        {
            var texts = corpus.DocumentIds.Zip(corpus.DocumentTexts).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal);
            retriever = new RerankingArmRetriever(retriever, Reranker(arm, rerank), rerank.TopN, id => texts[id]);
        }

        return retriever;
    }

    public void Dispose() => _analyzer.Dispose();

    private LexicalArmRetriever Lexical(ArmDefinition arm, List<Chunk> chunks) =>
        new(chunks, _analyzer, new Bm25Parameters(arm.Retrieval.Bm25.K1, arm.Retrieval.Bm25.B), arm.Retrieval.TopN);

    private VectorArmRetriever Vector(ArmDefinition arm, List<Chunk> chunks, ArmVectors? collection)
    {
        // Row i of a collection is chunk i of the corpus cut with the arm's settings (chunking is deterministic).
        var embedding = arm.Embedding ?? throw new InvalidOperationException($"Arm '{arm.Name}' has no embedding provider.");
        if (collection is null)
        {
            throw new InvalidOperationException($"Arm '{arm.Name}' has no ready collection to search.");
        }

        var generator = embeddings.Create(embedding.Provider, embedding);
        return new VectorArmRetriever(generator, store, collection.Fingerprint, collection.Dimensions, [.. chunks.Select(c => c.DocumentId)], arm.Retrieval.TopN);
    }

    private IReranker Reranker(ArmDefinition arm, RerankDefinition rerank) => rerank.Provider switch
    {
        // "embedding": model names the second local provider (e.g. use-lite), prefixes as the arm's.
        "embedding" => new EmbeddingReranker(embeddings.Create(rerank.Model ?? arm.Embedding?.Provider ?? "use-lite", arm.Embedding)),
        "mmr" => new MmrReranker(embeddings.Create(rerank.Model ?? arm.Embedding?.Provider ?? "use-lite", arm.Embedding), rerank.Lambda),
        "http" => new HttpReranker(new HttpClient { Timeout = TimeSpan.FromSeconds(60) },
            new Uri(rerank.Url ?? throw new InvalidOperationException($"Arm '{arm.Name}': rerank.url is required for the http reranker.")), rerank.Model),
        _ => throw new InvalidOperationException($"Arm '{arm.Name}': unknown reranker '{rerank.Provider}'."),
    };
}
