using System.Globalization;
using AbStudio.Web.Realtime;

namespace AbStudio.Web.Features.AbTests.Components;

/// <summary>How progress reads on the console: "40 / 100 results", "12.5/s", "ETA 1:05".</summary>
public static class ProgressText
{
    public static string Count(long done, long total, string unit) =>
        total > 0
            ? string.Create(CultureInfo.InvariantCulture, $"{done:N0} / {total:N0} {unit}")
            : done > 0 ? string.Create(CultureInfo.InvariantCulture, $"{done:N0} {unit}") : $"no {unit} yet";

    /// <summary>0..100; 0 while the total is unknown.</summary>
    public static double Percent(long done, long total) => total > 0 ? Math.Clamp(100.0 * done / total, 0, 100) : 0;

    public static string? Rate(double? perSecond, string unit) =>
        perSecond is > 0 and var rate ? string.Create(CultureInfo.InvariantCulture, $"{rate:0.#} {unit}/s") : null;

    public static string? Eta(double? seconds)
    {
        if (seconds is not >= 0 || double.IsInfinity(seconds.Value))
        {
            return null;
        }

        var eta = TimeSpan.FromSeconds(Math.Ceiling(seconds.Value));
        return eta.TotalHours >= 1
            ? string.Create(CultureInfo.InvariantCulture, $"ETA {(int)eta.TotalHours}:{eta.Minutes:00}:{eta.Seconds:00}")
            : string.Create(CultureInfo.InvariantCulture, $"ETA {eta.Minutes}:{eta.Seconds:00}");
    }

    /// <summary>
    /// The state to show after an update. A failure published without counts (a job that gave up)
    /// keeps the progress reached, so the bar shows where it stopped.
    /// </summary>
    public static StatusUpdate Merge(StatusUpdate current, StatusUpdate next)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(next);
        return next.Total == 0 && current.Total > 0 ? next with { Done = current.Done, Total = current.Total } : next;
    }
}
