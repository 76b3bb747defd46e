using System.Globalization;

namespace AbStudio.Domain.Exports;

/// <summary>
/// One value of an export table: a number (written as a number, never neutralised) or text
/// (neutralised against formula injection by the writer). A missing number (NaN: a statistic that
/// is not defined) is an empty cell.
/// </summary>
public readonly record struct ExportCell
{
    private ExportCell(string? text, double number)
    {
        Text = text;
        Number = number;
    }

    public string? Text { get; }

    public double Number { get; }

    public bool IsNumber => Text is null && double.IsFinite(Number);

    public bool IsEmpty => Text is null && !double.IsFinite(Number);

    public static ExportCell Of(string text) => new(text ?? "", double.NaN);

    public static ExportCell Of(double number) => new(null, number);

    public static implicit operator ExportCell(string text) => Of(text);

    public static implicit operator ExportCell(double number) => Of(number);

    /// <summary>Numbers in invariant, shortest round-trip form: read back, they equal what the run computed.</summary>
    public string Format() =>
        Text is { } text ? SpreadsheetText.Neutralise(text) : IsEmpty ? "" : Number.ToString("R", CultureInfo.InvariantCulture);
}

/// <summary>A header and rows produced lazily, so a writer streams them without holding the whole table.</summary>
public sealed record ExportTable(string Name, IReadOnlyList<string> Header, IEnumerable<IReadOnlyList<ExportCell>> Rows);
