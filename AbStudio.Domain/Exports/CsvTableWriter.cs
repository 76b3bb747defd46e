using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;

namespace AbStudio.Domain.Exports;

/// <summary>
/// Writes an export table as RFC 4180 CSV: a header line, comma-separated, CRLF, fields quoted
/// only when they need it, numbers in invariant form (<c>0.6131</c>, never <c>0,6131</c>). Text
/// cells are neutralised against formula injection; numbers are written as numbers. The UTF-8
/// byte order mark is the caller's (<see cref="Encoding"/>): Excel needs it to read UTF-8.
/// </summary>
public static class CsvTableWriter
{
    /// <summary>UTF-8 with a byte order mark: without it Excel reads the file in the machine's legacy code page.</summary>
    public static System.Text.Encoding Encoding { get; } = new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: true);

    // CsvHelper quotes a field holding the whole NewLine (CRLF) but not a lone LF or CR, which
    // spreadsheets read as a row break: "Report\n=cmd|…" would start a new row with a formula.
    private static readonly CsvConfiguration Configuration = new(CultureInfo.InvariantCulture)
    {
        NewLine = "\r\n",
        ShouldQuote = args => ConfigurationFunctions.ShouldQuote(args) || (args.Field is { } field && field.AsSpan().IndexOfAny('\r', '\n') >= 0),
    };

    public static void Write(TextWriter writer, ExportTable table)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(table);
        using var csv = new CsvWriter(writer, Configuration, leaveOpen: true);
        foreach (var name in table.Header)
        {
            csv.WriteField(SpreadsheetText.Neutralise(name));
        }

        csv.NextRecord();
        foreach (var row in table.Rows)
        {
            foreach (var cell in row)
            {
                csv.WriteField(cell.Format());
            }

            csv.NextRecord();
        }

        csv.Flush();
    }
}
