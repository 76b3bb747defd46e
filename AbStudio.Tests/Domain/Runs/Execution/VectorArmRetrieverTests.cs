using AbStudio.Domain.Chunking;
using AbStudio.Domain.Collections;
using AbStudio.Domain.Collections.Building;
using AbStudio.Domain.Collections.Storage;
using AbStudio.Domain.Embeddings;
using AbStudio.Domain.Embeddings.Hashing;
using AbStudio.Domain.Retrieval;
using AbStudio.Domain.Runs.Execution;
using AbStudio.Tests.Domain.Persistence;
using Npgsql;

namespace AbStudio.Tests.Domain.Runs.Execution;

/// <summary>
/// The same SciFact chunks built into both stores and searched through <see cref="VectorArmRetriever"/>:
/// the rankings must agree with each other and with a search worked out here from the embeddings.
/// One class, not one per store, because the point is the comparison.
/// </summary>
public sealed class VectorArmRetrieverTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>, IAsyncDisposable
{
    private const int Dimensions = 256, Documents = 600, QueryCount = 40, Depth = 10;
    private readonly string _directory = Directory.CreateTempSubdirectory("abstudio-retriever-").FullName;
    private readonly NpgsqlDataSource _dataSource = PgvectorVectorStore.BuildDataSource(database.ConnectionString);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RetrieveAsync_FlatFileAndPgvectorStores_RankDocumentsAlike()
    {
        var data = BeirTestData.Load("scifact");
        var chunks = new List<Chunk>();
        for (var i = 0; i < Documents; i++)
        {
            chunks.AddRange(Chunker.Split(data.DocumentIds[i], data.DocumentTexts[i], new ChunkingSettings(ChunkingStrategy.Tokens, 64, 16)));
        }

        // Queries are the opening words of documents, so each has a clear best match among these chunks.
        var queries = Enumerable.Range(0, QueryCount).Select(i => string.Join(' ', data.DocumentTexts[i * 13].Split(' ').Take(12))).ToArray();
        var specification = new CollectionSpecification("scifact-600", new ChunkingSettings(ChunkingStrategy.Tokens, 64, 16), "hashing",
            "hashing:unigrams+bigrams", new FeatureHashingEmbeddingGenerator(Dimensions).Model.Revision, Dimensions, true, null, VectorIndexKind.Flat);
        using var flat = new FlatFileVectorStore(_directory);
        var pgvector = new PgvectorVectorStore(_dataSource);

        var fromFile = await RankAsync(flat, specification, chunks, queries);
        var fromPostgres = await RankAsync(pgvector, specification, chunks, queries);

        var expected = await ExpectedAsync(chunks, queries);
        Assert.True(chunks.Count > Documents, "chunking split some documents, so rows and documents differ");
        Assert.Equal(chunks.Count, await pgvector.RowsStoredAsync(CollectionFingerprint.Compute(specification), Token));
        for (var q = 0; q < QueryCount; q++)
        {
            // Same ranking up to ties: the stores sum in different orders (SIMD, pgvector's loop), so scores
            // a few ulps apart may swap. Equal scores at every position, and every document scored as its
            // best chunk, leave only such swaps possible.
            Assert.All(fromFile[q].Zip(expected[q].Ranking), pair => Assert.Equal(pair.Second.Score, pair.First.Score, 1e-5));
            Assert.All(fromPostgres[q].Zip(expected[q].Ranking), pair => Assert.Equal(pair.Second.Score, pair.First.Score, 1e-5));
            Assert.All(fromFile[q], document => Assert.Equal(expected[q].BestOf[document.DocumentId], document.Score, 1e-5));
            Assert.All(fromPostgres[q], document => Assert.Equal(expected[q].BestOf[document.DocumentId], document.Score, 1e-5));
        }

        Assert.True(Enumerable.Range(0, QueryCount).Count(q => fromFile[q].Select(d => d.DocumentId).SequenceEqual(fromPostgres[q].Select(d => d.DocumentId))) >= QueryCount - 5,
            "near-ties aside, the stores rank documents in the same order");

        Assert.Equal(QueryCount, fromFile.Count(ranking => ranking.Length == Depth));
    }

    public async ValueTask DisposeAsync()
    {
        await _dataSource.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    private static async Task<RankedDocument[][]> RankAsync(IVectorStore store, CollectionSpecification specification, List<Chunk> chunks, string[] queries)
    {
        var built = await new VectorCollectionBuilder(store).BuildAsync(specification, chunks, new FeatureHashingEmbeddingGenerator(Dimensions), true, null, Token);
        using var retriever = new VectorArmRetriever(new FeatureHashingEmbeddingGenerator(Dimensions), store, built.Fingerprint, built.Dimensions, built.DocumentOfChunk, topN: 100);
        var rankings = new RankedDocument[queries.Length][];
        for (var q = 0; q < queries.Length; q++)
        {
            (rankings[q], _) = await retriever.RetrieveAsync(queries[q], Depth, Token);
        }

        return rankings;
    }

    /// <summary>Every chunk scored in double precision, best chunk per document, no store involved: the top documents and every document's best score.</summary>
    private static async Task<(RankedDocument[] Ranking, Dictionary<string, double> BestOf)[]> ExpectedAsync(List<Chunk> chunks, string[] queries)
    {
        using var generator = new FeatureHashingEmbeddingGenerator(Dimensions);
        var rows = await generator.GenerateAsync(chunks.Select(c => c.Text), EmbeddingPurposeOptions.For(EmbeddingPurpose.Document), Token);
        var asked = await generator.GenerateAsync(queries, EmbeddingPurposeOptions.For(EmbeddingPurpose.Query), Token);
        return [.. asked.Select(query =>
        {
            var best = chunks
                .Select((chunk, row) => new RankedDocument(chunk.DocumentId, Dot(rows[row].Vector.Span, query.Vector.Span)))
                .GroupBy(hit => hit.DocumentId)
                .Select(document => document.MaxBy(hit => hit.Score))
                .OrderByDescending(hit => hit.Score)
                .ToArray();
            return (best.Take(Depth).ToArray(), best.ToDictionary(hit => hit.DocumentId, hit => hit.Score));
        })];
    }

    private static double Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var sum = 0.0;
        for (var i = 0; i < a.Length; i++)
        {
            sum += (double)a[i] * b[i];
        }

        return sum;
    }
}
