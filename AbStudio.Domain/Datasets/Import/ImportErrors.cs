namespace AbStudio.Domain.Datasets.Import;

/// <summary>
/// Collects the problems of one import up to a cap, so a user sees many mistakes per attempt
/// instead of one, without a broken 1 GB file producing millions of messages.
/// </summary>
internal sealed class ImportErrors(int cap)
{
    private readonly List<ImportError> _errors = [];
    private readonly HashSet<string> _filesWithErrors = new(StringComparer.Ordinal);

    public int Count => _errors.Count;

    /// <summary>True once the cap is reached: readers stop, since nothing more will be reported.</summary>
    public bool IsFull => _errors.Count >= cap;

    public bool Truncated { get; private set; }

    /// <summary>
    /// True when a problem was reported in <paramref name="file"/>. Checks that depend on the whole file
    /// (is it empty? does a judgment's id exist in it?) are skipped then: their answer would only repeat
    /// the first problem in a more confusing way.
    /// </summary>
    public bool HasErrorsIn(string file) => _filesWithErrors.Contains(file);

    public void Add(string file, int line, string field, string message)
    {
        _filesWithErrors.Add(file);
        if (IsFull)
        {
            Truncated = true;
            return;
        }

        _errors.Add(new ImportError(file, line, field, message));
    }

    public void ThrowIfAny()
    {
        if (_errors.Count > 0)
        {
            throw new DatasetImportException(_errors.ToList(), Truncated);
        }
    }
}
