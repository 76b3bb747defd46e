namespace AbStudio.Domain.Exports;

/// <summary>The files a completed run exports to (docs/exports.md).</summary>
public enum ExportFormat
{
    /// <summary>results.json, schema version 1 (docs/results-schema.md).</summary>
    Json,

    /// <summary>One row per arm and query: every metric and each stage's latency.</summary>
    Csv,

    /// <summary>One row per arm: metric means and latency percentiles.</summary>
    SummaryCsv,

    /// <summary>Workbook with Summary, Significance, Per-query and About sheets.</summary>
    Xlsx,

    /// <summary>An arm's TREC run file, or a zip of every arm's.</summary>
    Trec,
}

/// <summary>How each format is named in a URL, and the file it makes.</summary>
public static class ExportFormats
{
    private static readonly (string Name, ExportFormat Format, string Extension, string MediaType)[] All =
    [
        ("json", ExportFormat.Json, "json", "application/json"),
        ("csv", ExportFormat.Csv, "csv", "text/csv; charset=utf-8"),
        ("summary.csv", ExportFormat.SummaryCsv, "summary.csv", "text/csv; charset=utf-8"),
        ("xlsx", ExportFormat.Xlsx, "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("trec", ExportFormat.Trec, "trec", "text/plain; charset=utf-8"),
    ];

    public static IReadOnlyList<string> Names { get; } = [.. All.Select(f => f.Name)];

    public static bool TryParse(string? name, out ExportFormat format)
    {
        foreach (var entry in All)
        {
            if (string.Equals(entry.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                format = entry.Format;
                return true;
            }
        }

        format = default;
        return false;
    }

    /// <summary>The file name's ending after <c>&lt;test&gt;-&lt;run&gt;.</c>: <c>csv</c>, <c>summary.csv</c>, …</summary>
    public static string Extension(ExportFormat format) => All.Single(f => f.Format == format).Extension;

    public static string MediaType(ExportFormat format) => All.Single(f => f.Format == format).MediaType;

    /// <summary>
    /// <c>&lt;test&gt;-&lt;run&gt;.&lt;extension&gt;</c>, the test name reduced to letters, digits, <c>-</c>
    /// and <c>_</c>, so the name is safe in any file system and header.
    /// </summary>
    public static string FileName(string testName, Guid runId, string extension)
    {
        ArgumentNullException.ThrowIfNull(testName);
        var safe = FileNamePart(testName);
        return $"{(safe.Length == 0 ? "test" : safe)}-{runId}.{extension}";
    }

    /// <summary>The text reduced to ASCII letters, digits, <c>-</c> and <c>_</c> (others become <c>-</c>, none at either end).</summary>
    public static string FileNamePart(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new string([.. text.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '-')]).Trim('-');
    }
}
