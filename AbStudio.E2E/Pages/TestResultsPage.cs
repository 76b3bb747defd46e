using Microsoft.Playwright;

namespace AbStudio.E2E.Pages;

/// <summary>Page object for a test's results (/tests/{id}/results) and a query's drill-down.</summary>
public sealed class TestResultsPage(IPage page)
{
    public IPage Page { get; } = page;

    public ILocator SummaryCell(string arm, string metric) =>
        Page.Locator($".abstudio-summary-table tr[data-arm='{arm}'] td[data-metric='{metric}']");

    public ILocator Significance(string armA, string armB, string stat) =>
        Page.Locator($".abstudio-significance-table tr[data-arm-a='{armA}'][data-arm-b='{armB}'] td[data-stat='{stat}']");

    /// <summary>A chart once Plotly has drawn it (its SVG exists).</summary>
    public ILocator DrawnChart(string name) => Page.Locator($".abstudio-chart[data-chart='{name}'] .main-svg").First;

    /// <summary>A chip of the per-query grid's filter, by the start of its text ("wins", "losses", "ties", "all").</summary>
    public ILocator OutcomeFilter(string outcome) => Page.Locator(".abstudio-outcome-filter .mud-chip").Filter(new() { HasTextRegex = new System.Text.RegularExpressions.Regex("^" + outcome) });

    public ILocator QueryLinks => Page.Locator(".abstudio-query-grid a.abstudio-query-link");

    public ILocator ArmAnswer(string arm) => Page.Locator($".abstudio-arm-answer[data-arm='{arm}']");
}
