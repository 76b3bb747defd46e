namespace AbStudio.Domain.Collections.Storage;

/// <summary>The index kinds a collection can ask for (its <see cref="Collection.IndexKind"/>, part of the fingerprint).</summary>
public static class VectorIndexKind
{
    /// <summary>No index: every search scores every row (exact).</summary>
    public const string Flat = "flat";

    /// <summary>A pgvector HNSW graph over inner product, built when the collection completes (approximate).</summary>
    public const string Hnsw = "hnsw";
}
