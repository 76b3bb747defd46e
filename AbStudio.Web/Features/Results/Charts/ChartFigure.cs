namespace AbStudio.Web.Features.Results.Charts;

/// <summary>How a series is drawn: bars, lines through markers, or a step line (a CDF).</summary>
public enum SeriesShape
{
    Bars,
    Lines,
    Steps,
}

/// <summary>
/// One series of a chart as data: x (numbers or category names), y, and optional error whiskers
/// (distances below and above y). The builders make these; <see cref="Components.ResultsChart"/>
/// only hands them to Plotly, so everything a chart says is tested without a browser.
/// </summary>
public sealed record ChartSeries(string Name, SeriesShape Shape, IReadOnlyList<object> X, IReadOnlyList<double> Y)
{
    public IReadOnlyList<double>? ErrorBelow { get; init; }

    public IReadOnlyList<double>? ErrorAbove { get; init; }

    /// <summary>A fixed colour (CSS), for series whose meaning has one (wins, losses); null: the palette's.</summary>
    public string? Color { get; init; }

    /// <summary>Bar width in x units, for histograms drawn as bars; null: Plotly's.</summary>
    public double? BarWidth { get; init; }
}

/// <summary>A chart as data: its title, axis titles and series.</summary>
public sealed record ChartFigure(string Title, string XTitle, string YTitle, IReadOnlyList<ChartSeries> Series)
{
    /// <summary>True when the x values are category names (arms), not numbers.</summary>
    public bool CategoricalX { get; init; }

    /// <summary>True when the x axis is logarithmic (latencies, whose tail would squash the rest).</summary>
    public bool LogX { get; init; }

    /// <summary>True when each series' bars sit at their own x, drawn over each other instead of side by side in groups.</summary>
    public bool OverlayBars { get; init; }

    /// <summary>False when the x axis already names every series (a bar per arm).</summary>
    public bool ShowLegend { get; init; } = true;
}
