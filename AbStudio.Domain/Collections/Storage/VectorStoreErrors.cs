namespace AbStudio.Domain.Collections.Storage;

/// <summary>
/// The errors every <see cref="IVectorStore"/> raises, worded once so both stores say the same thing
/// (the contract tests hold them to it) and each says what to do.
/// </summary>
internal static class VectorStoreErrors
{
    public static InvalidOperationException NotFound(string fingerprint) =>
        new($"The vector store has no collection {fingerprint}: build it first (or it was deleted).");

    public static InvalidOperationException NotComplete(string fingerprint) =>
        new($"Collection {fingerprint} is not complete yet: search it once its build has completed.");

    public static InvalidOperationException AlreadyComplete(string fingerprint) =>
        new($"Collection {fingerprint} is complete and can no longer be written: delete it to build it again.");

    public static InvalidOperationException TruncatePastEnd(string fingerprint, long rows, long stored) =>
        new($"Cannot truncate collection {fingerprint} to {rows} rows: it holds only {stored}. The recorded checkpoint is ahead of the store; delete the collection and build it again.");

    public static void ThrowIfOtherDimensions(string fingerprint, int stored, int given)
    {
        if (stored != given)
        {
            throw new ArgumentException($"Collection {fingerprint} holds vectors of {stored} dimensions; got vectors of {given}.", nameof(given));
        }
    }

    public static void ThrowIfNotWholeRows(int length, int dimensions, string what)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimensions);
        if (length % dimensions != 0)
        {
            throw new ArgumentException($"The {what} must hold whole rows of {dimensions} floats; got {length} floats.", what);
        }
    }
}
