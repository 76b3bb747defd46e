namespace AbStudio.Domain.Datasets.Import;

/// <summary>CRLF and lone CR become LF: the same text saved on Windows or Unix is the same text.</summary>
internal static class LineEndings
{
    public static string Normalize(string text) =>
        text.Contains('\r', StringComparison.Ordinal)
            ? text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n')
            : text;
}
