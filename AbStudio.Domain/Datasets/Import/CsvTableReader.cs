using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;

namespace AbStudio.Domain.Datasets.Import;

/// <summary>
/// Reads a CSV file with a header row (RFC 4180 quoting, comma-separated) row by row with CsvHelper.
/// Every row must have as many fields as the header.
/// </summary>
internal static class CsvTableReader
{
    public static IEnumerable<SourceRecord> Read(InputFile file, DatasetImportLimits limits, ImportErrors errors)
    {
        using var reader = file.TryOpenText(limits, errors);
        if (reader is null)
        {
            yield break;
        }

        var configuration = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            HasHeaderRecord = true,
            DetectColumnCountChanges = false,
            MissingFieldFound = null,
        };
        using var csv = new CsvReader(reader, configuration);
        if (TryRead(csv, file.Name, errors) is not { } header)
        {
            if (errors.Count == 0)
            {
                errors.Add(file.Name, 0, "header", "the file is empty: the first row must name the columns");
            }

            yield break;
        }

        while (!errors.IsFull && TryRead(csv, file.Name, errors) is { } row)
        {
            var line = StartLine(csv.Parser);
            if (row.Length != header.Length)
            {
                errors.Add(file.Name, line, "columns",
                    $"the row has {row.Length} field(s) but the header has {header.Length} ({string.Join(", ", header)}): quote fields that contain commas");
                continue;
            }

            yield return new CsvSourceRecord(line, header, row);
        }
    }

    /// <summary>The next row's fields, or null at the end or on a reported error.</summary>
    private static string[]? TryRead(CsvReader csv, string file, ImportErrors errors)
    {
        try
        {
            return csv.Read() ? csv.Parser.Record : null;
        }
        catch (InputFileException e)
        {
            errors.Add(file, e.Line, e.Field, e.Message);
        }
        catch (CsvHelperException e) when (e.InnerException is InputFileException inner)
        {
            errors.Add(file, inner.Line, inner.Field, inner.Message);
        }
        catch (CsvHelperException e)
        {
            errors.Add(file, e.Context?.Parser is { } parser ? StartLine(parser) : 0, "csv", $"the row cannot be read as CSV ({FirstLine(e.Message)})");
        }

        return null;
    }

    /// <summary>The line a row starts on: CsvHelper counts the row's last line, and a quoted field may span several.</summary>
    private static int StartLine(IParser parser) =>
        parser.RawRow - parser.RawRecord.TrimEnd('\r', '\n').Count(c => c == '\n');

    private static string FirstLine(string message) => message.Split('\n')[0].Trim();
}
