using System.Globalization;
using AbStudio.Domain.Retrieval;
using Npgsql;
using NpgsqlTypes;
using Pgvector;

namespace AbStudio.Domain.Collections.Storage;

/// <summary>
/// Vectors in PostgreSQL with pgvector, so every host sees the same collections. One table per
/// collection, <c>vectors.c_&lt;first 32 hex of the fingerprint&gt;</c> (<c>row_index bigint</c> primary key,
/// <c>embedding vector(d)</c>), and a catalog, <c>vectors.collections</c>, with each collection's
/// dimensions, index kind, rows stored and completion. The store creates its schema itself rather
/// than through EF migrations: why, and the alternatives, in docs/adr/0004-pgvector-store.md.
/// </summary>
/// <remarks>
/// Writers lock the collection's catalog row first, then touch its table, in one transaction per
/// call: two hosts appending to one collection take turns, a batch is all or nothing, and the
/// row count in the catalog always matches the table. <paramref name="dataSource"/> must map the
/// vector type: build it with <see cref="BuildDataSource"/> (or call <c>UseVector()</c> yourself).
/// </remarks>
public sealed class PgvectorVectorStore(NpgsqlDataSource dataSource) : IVectorStore
{
    public const string Schema = "vectors";

    /// <summary>pgvector's HNSW indexes vectors of at most 2,000 dimensions.</summary>
    private const int MaxHnswDimensions = 2000;

    /// <summary>Any key will do so long as nothing else uses it: it serialises hosts creating the schema at once.</summary>
    private const long SchemaLockKey = 0x4162_5374_7564_696F;

    private volatile bool _schemaReady;

    public static NpgsqlDataSource BuildDataSource(string connectionString)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        builder.UseVector();
        return builder.Build();
    }

    public async Task CreateAsync(string fingerprint, int dimensions, string indexKind, CancellationToken cancellationToken = default)
    {
        var table = TableName(fingerprint);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimensions);
        if (indexKind is not (VectorIndexKind.Flat or VectorIndexKind.Hnsw))
        {
            throw new NotSupportedException($"The pgvector store has no '{indexKind}' index; use '{VectorIndexKind.Flat}' (exact) or '{VectorIndexKind.Hnsw}'.");
        }

        if (indexKind == VectorIndexKind.Hnsw && dimensions > MaxHnswDimensions)
        {
            throw new NotSupportedException($"pgvector's HNSW index takes at most {MaxHnswDimensions} dimensions; this collection has {dimensions}. Use index kind '{VectorIndexKind.Flat}'.");
        }

        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, transaction, $"INSERT INTO {Schema}.collections (fingerprint, dimensions, index_kind) VALUES ($1, $2, $3) ON CONFLICT (fingerprint) DO NOTHING",
            cancellationToken, fingerprint, dimensions, indexKind);
        var entry = await LockForWritingAsync(connection, transaction, fingerprint, cancellationToken);
        VectorStoreErrors.ThrowIfOtherDimensions(fingerprint, entry.Dimensions, dimensions);
        if (entry.IndexKind != indexKind)
        {
            throw new ArgumentException($"Collection {fingerprint} was created with index kind '{entry.IndexKind}', not '{indexKind}'.", nameof(indexKind));
        }

        await ExecuteAsync(connection, transaction,
            $"CREATE TABLE IF NOT EXISTS {table} (row_index bigint PRIMARY KEY, embedding vector({dimensions.ToString(CultureInfo.InvariantCulture)}) NOT NULL)", cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<long> AppendAsync(string fingerprint, ReadOnlyMemory<float> rows, int dimensions, CancellationToken cancellationToken = default)
    {
        var table = TableName(fingerprint);
        VectorStoreErrors.ThrowIfNotWholeRows(rows.Length, dimensions, nameof(rows));
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var entry = await LockForWritingAsync(connection, transaction, fingerprint, cancellationToken);
        VectorStoreErrors.ThrowIfOtherDimensions(fingerprint, entry.Dimensions, dimensions);
        var count = rows.Length / dimensions;
        if (count == 0)
        {
            return entry.RowsStored;
        }

        // Binary COPY: the fastest way in, and inside the transaction, so a failed batch leaves nothing.
        await using (var importer = await connection.BeginBinaryImportAsync($"COPY {table} (row_index, embedding) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            for (var i = 0; i < count; i++)
            {
                await importer.StartRowAsync(cancellationToken);
                await importer.WriteAsync(entry.RowsStored + i, NpgsqlDbType.Bigint, cancellationToken);
                await importer.WriteAsync(new Vector(rows.Slice(i * dimensions, dimensions)), cancellationToken);
            }

            await importer.CompleteAsync(cancellationToken);
        }

        var stored = entry.RowsStored + count;
        await SetRowsStoredAsync(connection, transaction, fingerprint, stored, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return stored;
    }

    public async Task<long> RowsStoredAsync(string fingerprint, CancellationToken cancellationToken = default)
    {
        CollectionFingerprint.ThrowIfInvalid(fingerprint);
        await using var connection = await OpenAsync(cancellationToken);
        return (await ReadAsync(connection, null, fingerprint, forUpdate: false, cancellationToken))?.RowsStored ?? 0;
    }

    public async Task<StoredVectors?> DescribeAsync(string fingerprint, CancellationToken cancellationToken = default)
    {
        var table = TableName(fingerprint);
        await using var connection = await OpenAsync(cancellationToken);
        if (await ReadAsync(connection, null, fingerprint, forUpdate: false, cancellationToken) is not { } entry)
        {
            return null;
        }

        // The table with its index and TOAST: what the collection really costs the server.
        await using var size = new NpgsqlCommand("SELECT coalesce(pg_total_relation_size(to_regclass($1)), 0)", connection) { Parameters = { new() { Value = table } } };
        var bytes = (long)(await size.ExecuteScalarAsync(cancellationToken))!;
        return new StoredVectors(entry.Dimensions, entry.RowsStored, entry.Complete, bytes);
    }

    public async Task TruncateAsync(string fingerprint, long rows, CancellationToken cancellationToken = default)
    {
        var table = TableName(fingerprint);
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var entry = await LockForWritingAsync(connection, transaction, fingerprint, cancellationToken);
        if (rows > entry.RowsStored)
        {
            throw VectorStoreErrors.TruncatePastEnd(fingerprint, rows, entry.RowsStored);
        }

        await ExecuteAsync(connection, transaction, $"DELETE FROM {table} WHERE row_index >= $1", cancellationToken, rows);
        await SetRowsStoredAsync(connection, transaction, fingerprint, rows, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task CompleteAsync(string fingerprint, CancellationToken cancellationToken = default)
    {
        var table = TableName(fingerprint);
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var entry = await ReadAsync(connection, transaction, fingerprint, forUpdate: true, cancellationToken) ?? throw VectorStoreErrors.NotFound(fingerprint);
        if (entry.Complete)
        {
            return;
        }

        if (entry.IndexKind == VectorIndexKind.Hnsw)
        {
            // Inner product, the score every search in AbStudio ranks by (vectors are L2-normalised).
            // Building the graph takes minutes for 10⁵ rows: past Npgsql's 30 s command timeout, so
            // none; the caller's cancellation token bounds it instead.
            await using var build = new NpgsqlCommand($"CREATE INDEX IF NOT EXISTS {IndexName(fingerprint)} ON {table} USING hnsw (embedding vector_ip_ops)", connection, transaction)
            {
                CommandTimeout = 0,
            };
            await build.ExecuteNonQueryAsync(cancellationToken);
        }

        // Fresh statistics, so the planner costs the first searches on the real row count.
        await ExecuteAsync(connection, transaction, $"ANALYZE {table}", cancellationToken);
        await ExecuteAsync(connection, transaction, $"UPDATE {Schema}.collections SET completed_at = now() WHERE fingerprint = $1", cancellationToken, fingerprint);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<ScoredHit[][]> SearchAsync(string fingerprint, ReadOnlyMemory<float> queries, int dimensions, int k, CancellationToken cancellationToken = default)
    {
        var table = TableName(fingerprint);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        VectorStoreErrors.ThrowIfNotWholeRows(queries.Length, dimensions, nameof(queries));
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var entry = await ReadAsync(connection, transaction, fingerprint, forUpdate: false, cancellationToken) ?? throw VectorStoreErrors.NotFound(fingerprint);
        if (!entry.Complete)
        {
            throw VectorStoreErrors.NotComplete(fingerprint);
        }

        VectorStoreErrors.ThrowIfOtherDimensions(fingerprint, entry.Dimensions, dimensions);
        var queryCount = queries.Length / dimensions;
        var results = new ScoredHit[queryCount][];
        if (queryCount == 0)
        {
            return results;
        }

        string sql;
        if (entry.IndexKind == VectorIndexKind.Hnsw)
        {
            // The graph returns at most ef_search candidates (default 40): ask for at least k. The
            // index serves only ORDER BY distance alone, so the tie rule is applied to its k rows after.
            await ExecuteAsync(connection, transaction, "SELECT set_config('hnsw.ef_search', $1, true)", cancellationToken,
                Math.Clamp(k, 40, 1000).ToString(CultureInfo.InvariantCulture));
            sql = $"SELECT row_index, -distance FROM (SELECT row_index, embedding <#> $1 AS distance FROM {table} ORDER BY embedding <#> $1 LIMIT $2) AS nearest ORDER BY distance, row_index";
        }
        else
        {
            // <#> is the negative inner product: ascending distance is descending score; ties go to the lower row.
            sql = $"SELECT row_index, -(embedding <#> $1) FROM {table} ORDER BY embedding <#> $1, row_index LIMIT $2";
        }

        // One round trip for all queries. Exact search scans every row per query (about 60 ms per
        // query for 100,000 × 384), so a large batch outlasts the 30 s default timeout: none here,
        // the cancellation token bounds it.
        await using var batch = new NpgsqlBatch(connection, transaction) { Timeout = 0 };
        for (var q = 0; q < queryCount; q++)
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand(sql)
            {
                Parameters = { new() { Value = new Vector(queries.Slice(q * dimensions, dimensions)) }, new() { Value = k } },
            });
        }

        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        for (var q = 0; q < queryCount; q++)
        {
            var hits = new List<ScoredHit>(k);
            while (await reader.ReadAsync(cancellationToken))
            {
                hits.Add(new ScoredHit(checked((int)reader.GetInt64(0)), (float)reader.GetDouble(1)));
            }

            results[q] = [.. hits];
            await reader.NextResultAsync(cancellationToken);
        }

        return results;
    }

    public async Task DeleteAsync(string fingerprint, CancellationToken cancellationToken = default)
    {
        var table = TableName(fingerprint);
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        // The catalog row first, then the table: the order writers lock in, so a delete and an
        // append on two hosts wait for each other instead of deadlocking.
        await ExecuteAsync(connection, transaction, $"DELETE FROM {Schema}.collections WHERE fingerprint = $1", cancellationToken, fingerprint);
        await ExecuteAsync(connection, transaction, $"DROP TABLE IF EXISTS {table}", cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// The collection's table. 32 hex digits (128 bits) keep the name within PostgreSQL's 63
    /// characters; the whole fingerprint stays in the catalog.
    /// </summary>
    internal static string TableName(string fingerprint)
    {
        CollectionFingerprint.ThrowIfInvalid(fingerprint);
        return $"{Schema}.c_{fingerprint[..32]}";
    }

    private static string IndexName(string fingerprint) => $"c_{fingerprint[..32]}_hnsw";

    private async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            if (!_schemaReady)
            {
                await CreateSchemaAsync(connection, cancellationToken);
                _schemaReady = true;
            }

            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private static async Task CreateSchemaAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using (var check = new NpgsqlCommand("SELECT count(*) FROM pg_extension WHERE extname = 'vector'", connection))
        {
            if ((long)(await check.ExecuteScalarAsync(cancellationToken))! == 0)
            {
                throw new InvalidOperationException(
                    $"Database '{connection.Database}' has no pgvector extension. It is not a trusted extension: a superuser must run CREATE EXTENSION vector in it (scripts/postgres.sh does so for test clusters).");
            }
        }

        // IF NOT EXISTS alone is not safe when two hosts start at once; the advisory lock makes it so.
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, transaction, $"""
            SELECT pg_advisory_xact_lock({SchemaLockKey.ToString(CultureInfo.InvariantCulture)});
            CREATE SCHEMA IF NOT EXISTS {Schema};
            CREATE TABLE IF NOT EXISTS {Schema}.collections (
                fingerprint text PRIMARY KEY,
                dimensions integer NOT NULL CHECK (dimensions > 0),
                index_kind text NOT NULL,
                rows_stored bigint NOT NULL DEFAULT 0,
                completed_at timestamptz);
            """, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private static async Task<CatalogEntry> LockForWritingAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string fingerprint, CancellationToken cancellationToken)
    {
        var entry = await ReadAsync(connection, transaction, fingerprint, forUpdate: true, cancellationToken) ?? throw VectorStoreErrors.NotFound(fingerprint);
        return entry.Complete ? throw VectorStoreErrors.AlreadyComplete(fingerprint) : entry;
    }

    private static async Task<CatalogEntry?> ReadAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string fingerprint, bool forUpdate, CancellationToken cancellationToken)
    {
        var sql = $"SELECT dimensions, index_kind, rows_stored, completed_at IS NOT NULL FROM {Schema}.collections WHERE fingerprint = $1" + (forUpdate ? " FOR UPDATE" : "");
        await using var command = new NpgsqlCommand(sql, connection, transaction) { Parameters = { new() { Value = fingerprint } } };
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new CatalogEntry(reader.GetInt32(0), reader.GetString(1), reader.GetInt64(2), reader.GetBoolean(3))
            : null;
    }

    private static Task SetRowsStoredAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string fingerprint, long rows, CancellationToken cancellationToken) =>
        ExecuteAsync(connection, transaction, $"UPDATE {Schema}.collections SET rows_stored = $2 WHERE fingerprint = $1", cancellationToken, fingerprint, rows);

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken, params object[] values)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private sealed record CatalogEntry(int Dimensions, string IndexKind, long RowsStored, bool Complete);
}
