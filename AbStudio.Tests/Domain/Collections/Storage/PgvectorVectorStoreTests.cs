using AbStudio.Domain.Collections.Storage;
using AbStudio.Domain.Retrieval.Vector;
using AbStudio.Tests.Domain.Persistence;
using Npgsql;

namespace AbStudio.Tests.Domain.Collections.Storage;

/// <summary>The contract against a real PostgreSQL with pgvector: a fresh, migrated database per class.</summary>
public sealed class PgvectorVectorStoreTests(PostgresDatabaseFixture database)
    : VectorStoreContractTests, IClassFixture<PostgresDatabaseFixture>, IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource = PgvectorVectorStore.BuildDataSource(database.ConnectionString);

    [Fact]
    public async Task Search_HnswIndex_FindsNearlyAllOfTheExactTopTen()
    {
        const int dimensions = 32, rowCount = 3000, queryCount = 50, k = 10;
        var random = new Random(11);
        var rows = UnitVectors(random, rowCount, dimensions);
        var queries = UnitVectors(random, queryCount, dimensions);
        var store = CreateStore();
        var fingerprint = NewFingerprint();
        await store.CreateAsync(fingerprint, dimensions, VectorIndexKind.Hnsw, Cancel);
        await store.AppendAsync(fingerprint, rows, dimensions, Cancel);
        await store.CompleteAsync(fingerprint, Cancel);

        var approximate = await store.SearchAsync(fingerprint, queries, dimensions, k, Cancel);

        Assert.Equal(1, await ScalarAsync<long>(
            "SELECT count(*) FROM pg_indexes WHERE schemaname = 'vectors' AND tablename = $1 AND indexdef LIKE '%USING hnsw (embedding vector_ip_ops)%'",
            PgvectorVectorStore.TableName(fingerprint)["vectors.".Length..]));
        var exact = ExactVectorSearch.Search(rows, dimensions, queries, k);
        var found = 0;
        for (var q = 0; q < queryCount; q++)
        {
            found += approximate[q].Select(h => h.Index).Intersect(exact[q].Select(h => h.Index)).Count();
            Assert.All(approximate[q], hit => Assert.Equal(Dot(rows, hit.Index, queries, q, dimensions), hit.Score, 1e-5f));
            Assert.Equal(approximate[q].OrderByDescending(h => h.Score).ThenBy(h => h.Index), approximate[q]);
        }

        Assert.InRange(found / (double)(queryCount * k), 0.9, 1.0);
    }

    [Fact]
    public async Task Create_HnswWithTooManyDimensions_IsNotSupported()
    {
        var error = await Assert.ThrowsAsync<NotSupportedException>(() => CreateStore().CreateAsync(NewFingerprint(), 3072, VectorIndexKind.Hnsw, Cancel));

        Assert.Contains("at most 2000 dimensions", error.Message, StringComparison.Ordinal);
    }

    public async ValueTask DisposeAsync() => await _dataSource.DisposeAsync();

    protected override IVectorStore CreateStore() => new PgvectorVectorStore(_dataSource);

    protected override async Task<bool> HoldsAnythingOfAsync(string fingerprint) =>
        await ScalarAsync<bool>(
            "SELECT to_regclass($1) IS NOT NULL OR EXISTS (SELECT 1 FROM vectors.collections WHERE fingerprint = $2)",
            PgvectorVectorStore.TableName(fingerprint), fingerprint);

    private static float Dot(float[] rows, int row, float[] queries, int query, int dimensions) =>
        System.Numerics.Tensors.TensorPrimitives.Dot(rows.AsSpan(row * dimensions, dimensions), queries.AsSpan(query * dimensions, dimensions));

    private async Task<T> ScalarAsync<T>(string sql, params object[] values)
    {
        await using var command = _dataSource.CreateCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        return (T)(await command.ExecuteScalarAsync(Cancel))!;
    }
}
