using ClosedXML.Excel;

namespace AbStudio.Domain.Exports;

/// <summary>
/// The XLSX export: sheets Summary, Significance, Per-query and About (docs/exports.md), from the
/// same tables as the CSV exports. Numbers are numeric cells; text cells are neutralised against
/// formula injection. ClosedXML builds the workbook in memory before saving: one sheet row per
/// query, so the size is that of the run's results.
/// </summary>
public static class ResultsWorkbook
{
    // Column widths are set, not measured: AdjustToContents needs libgdiplus, which servers lack.
    private const double MinimumWidth = 10;
    private const double MaximumWidth = 40;

    public static void Write(Stream stream, RunExport export)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(export);
        using var workbook = new XLWorkbook();
        AddSheet(workbook, ExportTables.ArmSummaries(export), "Summary", winner: export.Winner);
        AddSheet(workbook, ExportTables.Significance(export), "Significance");
        AddSheet(workbook, ExportTables.QueryGrid(export), "Per-query");
        AddSheet(workbook, ExportTables.About(export), "About");
        workbook.SaveAs(stream);
    }

    private static void AddSheet(XLWorkbook workbook, ExportTable table, string name, string? winner = null)
    {
        var sheet = workbook.Worksheets.Add(name);
        for (var c = 0; c < table.Header.Count; c++)
        {
            sheet.Cell(1, c + 1).SetValue(SpreadsheetText.Neutralise(table.Header[c]));
            sheet.Column(c + 1).Width = Math.Clamp(table.Header[c].Length + 2, MinimumWidth, MaximumWidth);
        }

        sheet.Row(1).Style.Font.Bold = true;
        sheet.SheetView.FreezeRows(1);
        var armColumn = table.Header.ToList().IndexOf("arm");
        var r = 2;
        foreach (var row in table.Rows)
        {
            for (var c = 0; c < row.Count; c++)
            {
                var cell = sheet.Cell(r, c + 1);
                var value = row[c];
                if (value.IsNumber)
                {
                    cell.SetValue(value.Number);
                }
                else if (value.Text is { } text)
                {
                    // SetValue keeps text as text ("007" stays "007"); Value = would convert it.
                    cell.SetValue(SpreadsheetText.Neutralise(text));
                }
            }

            if (winner is not null && armColumn >= 0 && row[armColumn].Text == winner)
            {
                sheet.Row(r).Style.Font.Bold = true;
                sheet.Row(r).Style.Fill.BackgroundColor = XLColor.FromHtml("#E2EFDA");
            }

            r++;
        }
    }
}
