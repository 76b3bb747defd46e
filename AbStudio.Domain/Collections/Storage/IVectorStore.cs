using AbStudio.Domain.Retrieval;

namespace AbStudio.Domain.Collections.Storage;

/// <summary>
/// Where a collection's vectors live, by collection fingerprint (64 lower-case hex): written batch
/// by batch during a build, searchable once complete. Rows are numbered in the order they were
/// appended, from 0; a search hit's index is that row number. Implementations: a flat file per
/// collection (<see cref="FlatFileVectorStore"/>) and PostgreSQL with pgvector
/// (<see cref="PgvectorVectorStore"/>). Both pass the same contract tests.
/// </summary>
public interface IVectorStore
{
    /// <summary>
    /// Makes the collection ready for appending. A collection an interrupted build left keeps its
    /// rows (see <see cref="RowsStoredAsync"/>); a complete one is refused: delete it to build it again.
    /// <paramref name="indexKind"/> is one of <see cref="VectorIndexKind"/> and decides what
    /// <see cref="CompleteAsync"/> builds.
    /// </summary>
    Task CreateAsync(string fingerprint, int dimensions, string indexKind, CancellationToken cancellationToken = default);

    /// <summary>
    /// Appends <paramref name="rows"/> (row-major, <paramref name="dimensions"/> floats per row) after
    /// the rows already stored, all or nothing. Durable when it returns.
    /// </summary>
    /// <returns>Rows stored in the collection after this batch: the checkpoint to record.</returns>
    Task<long> AppendAsync(string fingerprint, ReadOnlyMemory<float> rows, int dimensions, CancellationToken cancellationToken = default);

    /// <summary>Rows durably stored (0 for a collection the store does not have): where a resumed build continues.</summary>
    Task<long> RowsStoredAsync(string fingerprint, CancellationToken cancellationToken = default);

    /// <summary>What the store holds of the collection, complete or not; null when it holds nothing of it.</summary>
    Task<StoredVectors?> DescribeAsync(string fingerprint, CancellationToken cancellationToken = default);

    /// <summary>Drops the rows past <paramref name="rows"/>: those written after the last recorded checkpoint.</summary>
    Task TruncateAsync(string fingerprint, long rows, CancellationToken cancellationToken = default);

    /// <summary>Seals the collection and builds its index, if its kind has one; from then on it can be searched. Idempotent.</summary>
    Task CompleteAsync(string fingerprint, CancellationToken cancellationToken = default);

    /// <summary>
    /// The <paramref name="k"/> rows with the highest inner product for each query (row-major,
    /// <paramref name="dimensions"/> floats each), best first; equal scores rank the lower row first.
    /// Exact for <see cref="VectorIndexKind.Flat"/>, approximate for <see cref="VectorIndexKind.Hnsw"/>.
    /// </summary>
    Task<ScoredHit[][]> SearchAsync(string fingerprint, ReadOnlyMemory<float> queries, int dimensions, int k, CancellationToken cancellationToken = default);

    /// <summary>Removes the collection's vectors. Deleting a collection the store does not have does nothing.</summary>
    Task DeleteAsync(string fingerprint, CancellationToken cancellationToken = default);
}

/// <summary>A collection's vectors as a store holds them: whether a build can reuse them, and what they cost on disk.</summary>
/// <param name="Dimensions">Floats per row.</param>
/// <param name="Rows">Rows durably stored.</param>
/// <param name="Complete">Sealed and searchable.</param>
/// <param name="SizeBytes">Bytes the store spends on it: the vector file, or the table with its indexes.</param>
public sealed record StoredVectors(int Dimensions, long Rows, bool Complete, long SizeBytes);
