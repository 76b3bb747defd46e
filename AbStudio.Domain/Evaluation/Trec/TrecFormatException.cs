namespace AbStudio.Domain.Evaluation.Trec;

/// <summary>
/// A TREC qrels or run file that cannot be read. The message names the file, the line and the field
/// ("run.txt line 12: score 'abc' is not a number"), so it can be shown to the user as it is.
/// </summary>
public sealed class TrecFormatException : FormatException
{
    public TrecFormatException()
    {
    }

    public TrecFormatException(string message)
        : base(message)
    {
    }

    public TrecFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    internal static TrecFormatException At(string fileName, int lineNumber, string problem) =>
        new($"{fileName} line {lineNumber}: {problem}");
}
