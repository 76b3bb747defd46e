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

    /// <summary>True when bars of different series share x positions and overlap (a histogram in parts).</summary>
    public bool StackBars { get; init; }
}
