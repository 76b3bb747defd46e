namespace AbStudio.Domain.Exports;

/// <summary>
/// Formula injection: a spreadsheet runs a cell that starts with <c>=</c>, <c>+</c>, <c>-</c> or
/// <c>@</c> (and some also after a leading tab or carriage return) as a formula, so a query id or
/// arm name from an uploaded dataset could run on the analyst's machine. Every text cell of the
/// CSV and XLSX exports goes through <see cref="Neutralise"/>; numbers never do, so a negative
/// difference stays a number.
/// </summary>
public static class SpreadsheetText
{
    /// <summary>The text with a leading apostrophe when a spreadsheet would read it as a formula; otherwise unchanged.</summary>
    public static string Neutralise(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return IsRisky(text) ? "'" + text : text;
    }

    private static bool IsRisky(string text) =>
        text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r';
}
