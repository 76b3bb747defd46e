namespace AbStudio.Domain.Datasets.Import;

/// <summary>
/// Collects the problems of one import up to a cap, so a user sees many mistakes per attempt
/// instead of one, without a broken 1 GB file producing millions of messages.
/// </summary>
internal sealed class ImportErrors(int cap)
{
    private readonly List<ImportError> _errors = [];

    public int Count => _errors.Count;

    /// <summary>True once the cap is reached: readers stop, since nothing more will be reported.</summary>
    public bool IsFull => _errors.Count >= cap;

    public bool Truncated { get; private set; }

    public void Add(string file, int line, string field, string message)
    {
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
