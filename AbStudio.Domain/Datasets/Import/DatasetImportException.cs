namespace AbStudio.Domain.Datasets.Import;

/// <summary>
/// An import that failed validation. Nothing was written: the import runs in one transaction.
/// <see cref="Errors"/> holds every problem found, up to <see cref="DatasetImportLimits.MaxErrors"/>.
/// </summary>
public sealed class DatasetImportException : Exception
{
    public DatasetImportException(IReadOnlyList<ImportError> errors, bool truncated)
        : base(Describe(errors, truncated))
    {
        Errors = errors;
        Truncated = truncated;
    }

    public DatasetImportException()
        : this([], truncated: false)
    {
    }

    public DatasetImportException(string message)
        : this([new ImportError("", 0, "", message)], truncated: false)
    {
    }

    public DatasetImportException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [new ImportError("", 0, "", message)];
    }

    public IReadOnlyList<ImportError> Errors { get; } = [];

    /// <summary>True when validation stopped at the error cap: more problems may follow the listed ones.</summary>
    public bool Truncated { get; }

    private static string Describe(IReadOnlyList<ImportError> errors, bool truncated)
    {
        var more = truncated ? " (stopped at the error limit; there may be more)" : "";
        return $"The dataset was not imported: {errors.Count} problem(s){more}.{Environment.NewLine}" +
            string.Join(Environment.NewLine, errors);
    }
}
