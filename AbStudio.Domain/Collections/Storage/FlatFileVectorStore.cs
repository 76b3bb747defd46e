using AbStudio.Domain.Retrieval;
using AbStudio.Domain.Retrieval.Vector;

namespace AbStudio.Domain.Collections.Storage;

/// <summary>
/// The embedded store: one folder per collection under <c>collectionsDirectory/&lt;fingerprint&gt;/</c>
/// holding a vector file (<see cref="VectorFileFormat"/>), partial while building, renamed when
/// complete, searched exactly through a memory mapping. No index kinds besides <see cref="VectorIndexKind.Flat"/>.
/// </summary>
/// <remarks>
/// Writes are stateless between calls: each append opens the partial file at the rows it holds, so a
/// build may continue in another process after a crash. Searches keep each complete file mapped
/// until the collection is deleted or the store disposed, because mapping a file again per query
/// costs more than many searches do. The work is synchronous file I/O (and a parallel search); the
/// tasks returned are already complete.
/// </remarks>
public sealed class FlatFileVectorStore(string collectionsDirectory) : IVectorStore, IDisposable
{
    private readonly Dictionary<string, VectorFile> _mapped = new(StringComparer.Ordinal);

    // Searches read through raw pointers into a mapping: they share the read lock, and a mapping is
    // only unmapped (delete, dispose) under the write lock, never under a running search.
    private readonly ReaderWriterLockSlim _mappings = new();

    public Task CreateAsync(string fingerprint, int dimensions, string indexKind, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimensions);
        if (indexKind != VectorIndexKind.Flat)
        {
            throw new NotSupportedException($"The flat file store searches every row exactly and has no '{indexKind}' index; use index kind '{VectorIndexKind.Flat}', or the pgvector store for '{VectorIndexKind.Hnsw}'.");
        }

        var directory = DirectoryOf(fingerprint);
        ThrowIfComplete(fingerprint, directory);
        if (ReadPartial(directory) is { } stored)
        {
            VectorStoreErrors.ThrowIfOtherDimensions(fingerprint, stored.Dimensions, dimensions);
            return Task.CompletedTask;
        }

        VectorFileWriter.Open(directory, dimensions).Dispose();
        return Task.CompletedTask;
    }

    public Task<long> AppendAsync(string fingerprint, ReadOnlyMemory<float> rows, int dimensions, CancellationToken cancellationToken = default)
    {
        var directory = DirectoryOf(fingerprint);
        var stored = PartialOrThrow(fingerprint, directory);
        VectorStoreErrors.ThrowIfOtherDimensions(fingerprint, stored.Dimensions, dimensions);
        VectorStoreErrors.ThrowIfNotWholeRows(rows.Length, dimensions, nameof(rows));
        using var writer = VectorFileWriter.Open(directory, dimensions, stored.Rows);
        writer.AppendBatch(rows.Span);
        return Task.FromResult(writer.Rows);
    }

    public Task<long> RowsStoredAsync(string fingerprint, CancellationToken cancellationToken = default)
    {
        var directory = DirectoryOf(fingerprint);
        var stored = VectorFileFormat.ReadRowsStored(Path.Combine(directory, VectorFileFormat.FileName)) ?? ReadPartial(directory);
        return Task.FromResult(stored?.Rows ?? 0);
    }

    public Task<StoredVectors?> DescribeAsync(string fingerprint, CancellationToken cancellationToken = default)
    {
        var directory = DirectoryOf(fingerprint);
        foreach (var (name, complete) in new[] { (VectorFileFormat.FileName, true), (VectorFileFormat.PartialFileName, false) })
        {
            var path = Path.Combine(directory, name);
            if (VectorFileFormat.ReadRowsStored(path) is { } stored)
            {
                return Task.FromResult<StoredVectors?>(new StoredVectors(stored.Dimensions, stored.Rows, complete, new FileInfo(path).Length));
            }
        }

        return Task.FromResult<StoredVectors?>(null);
    }

    public Task TruncateAsync(string fingerprint, long rows, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        var directory = DirectoryOf(fingerprint);
        var stored = PartialOrThrow(fingerprint, directory);
        if (rows > stored.Rows)
        {
            throw VectorStoreErrors.TruncatePastEnd(fingerprint, rows, stored.Rows);
        }

        // Opening the writer at a checkpoint cuts the file there.
        VectorFileWriter.Open(directory, stored.Dimensions, rows).Dispose();
        return Task.CompletedTask;
    }

    public Task CompleteAsync(string fingerprint, CancellationToken cancellationToken = default)
    {
        var directory = DirectoryOf(fingerprint);
        if (File.Exists(Path.Combine(directory, VectorFileFormat.FileName)))
        {
            return Task.CompletedTask;
        }

        var stored = PartialOrThrow(fingerprint, directory);
        using var writer = VectorFileWriter.Open(directory, stored.Dimensions, stored.Rows);
        writer.Complete();
        return Task.CompletedTask;
    }

    public Task<ScoredHit[][]> SearchAsync(string fingerprint, ReadOnlyMemory<float> queries, int dimensions, int k, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        var directory = DirectoryOf(fingerprint);
        while (true)
        {
            _mappings.EnterReadLock();
            try
            {
                if (_mapped.TryGetValue(fingerprint, out var file))
                {
                    // Another process may have deleted the collection: a stat per search (microseconds) notices.
                    // One it rebuilt meanwhile is not re-mapped: same fingerprint, same inputs, same vectors.
                    if (File.Exists(Path.Combine(directory, VectorFileFormat.FileName)))
                    {
                        VectorStoreErrors.ThrowIfOtherDimensions(fingerprint, file.Dimensions, dimensions);
                        VectorStoreErrors.ThrowIfNotWholeRows(queries.Length, dimensions, nameof(queries));
                        return Task.FromResult(ExactVectorSearch.Search(file.Matrix, dimensions, queries.Span, k));
                    }
                }
            }
            finally
            {
                _mappings.ExitReadLock();
            }

            Map(fingerprint, directory);
        }
    }

    /// <summary>Maps the collection's complete file for searching (again, if its file was replaced or removed).</summary>
    private void Map(string fingerprint, string directory)
    {
        var path = Path.Combine(directory, VectorFileFormat.FileName);
        _mappings.EnterWriteLock();
        try
        {
            Unmap(fingerprint);
            if (!File.Exists(path))
            {
                throw ReadPartial(directory) is null ? VectorStoreErrors.NotFound(fingerprint) : VectorStoreErrors.NotComplete(fingerprint);
            }

            _mapped[fingerprint] = VectorFile.Open(path);
        }
        finally
        {
            _mappings.ExitWriteLock();
        }
    }

    /// <summary>Call under the write lock.</summary>
    private void Unmap(string fingerprint)
    {
        if (_mapped.Remove(fingerprint, out var file))
        {
            file.Dispose();
        }
    }

    public Task DeleteAsync(string fingerprint, CancellationToken cancellationToken = default)
    {
        var directory = DirectoryOf(fingerprint);
        _mappings.EnterWriteLock();
        try
        {
            Unmap(fingerprint);
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        finally
        {
            _mappings.ExitWriteLock();
        }

        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _mappings.EnterWriteLock();
        try
        {
            foreach (var file in _mapped.Values)
            {
                file.Dispose();
            }

            _mapped.Clear();
        }
        finally
        {
            _mappings.ExitWriteLock();
        }

        _mappings.Dispose();
    }

    private static (int Dimensions, long Rows)? ReadPartial(string directory) =>
        VectorFileFormat.ReadRowsStored(Path.Combine(directory, VectorFileFormat.PartialFileName));

    private static (int Dimensions, long Rows) PartialOrThrow(string fingerprint, string directory)
    {
        ThrowIfComplete(fingerprint, directory);
        return ReadPartial(directory) ?? throw VectorStoreErrors.NotFound(fingerprint);
    }

    private static void ThrowIfComplete(string fingerprint, string directory)
    {
        if (File.Exists(Path.Combine(directory, VectorFileFormat.FileName)))
        {
            throw VectorStoreErrors.AlreadyComplete(fingerprint);
        }
    }

    private string DirectoryOf(string fingerprint)
    {
        CollectionFingerprint.ThrowIfInvalid(fingerprint);
        return Path.Combine(collectionsDirectory, fingerprint);
    }
}
