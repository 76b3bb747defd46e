using System.Globalization;

namespace AbStudio.Web.Features.Results;

/// <summary>How the results pages write numbers: fixed decimals, a real minus sign, "—" for undefined (NaN).</summary>
public static class ResultsText
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>A metric mean: three decimals.</summary>
    public static string Mean(double value) => double.IsNaN(value) ? "—" : Minus(value.ToString("0.000", Invariant));

    /// <summary>A difference, always signed: "+0.031", "−0.012".</summary>
    public static string Difference(double value) =>
        double.IsNaN(value) ? "—" : Minus(value.ToString("+0.000;-0.000;0.000", Invariant));

    /// <summary>A p-value: three decimals, or "&lt; 0.001".</summary>
    public static string P(double value) => value switch
    {
        double.NaN => "—",
        < 0.001 => "< 0.001",
        _ => value.ToString("0.000", Invariant),
    };

    public static string Interval(double lower, double upper) => $"[{Difference(lower)}, {Difference(upper)}]";

    /// <summary>An effect size (Cohen's d_z): two decimals.</summary>
    public static string Effect(double value) => double.IsNaN(value) ? "—" : Minus(value.ToString("0.00", Invariant));

    /// <summary>Milliseconds: two decimals below 10 ms, one below 1 s, none above.</summary>
    public static string Ms(double value) => value switch
    {
        double.NaN => "—",
        < 10 => value.ToString("0.00", Invariant) + " ms",
        < 1000 => value.ToString("0.0", Invariant) + " ms",
        _ => value.ToString("#,0", Invariant) + " ms",
    };

    private static string Minus(string text) => text.Replace('-', '−');
}
