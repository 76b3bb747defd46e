using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace AbStudio.Web.Components.Shared;

/// <summary>How sizes, hashes, durations and times read across the console ("1.2 MB", "3f9a0c1d2e4b", "2 min 5 s").</summary>
public static class DisplayText
{
    private static readonly string[] ByteUnits = ["B", "KB", "MB", "GB", "TB"];

    // Shown as text (the page encodes it), so '+' and quotes stay readable instead of \u002B.
    private static readonly JsonSerializerOptions ReadableJson = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The first 12 hex digits: enough to tell hashes apart on a screen, short enough for a table.</summary>
    public static string ShortHash(string hash) => hash.Length <= 12 ? hash : hash[..12];

    /// <summary>Decimal units (1 KB = 1,000 B), as disks and cloud bills count them.</summary>
    public static string Bytes(long bytes)
    {
        if (bytes < 1000)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{Math.Max(bytes, 0)} B");
        }

        var value = (double)bytes;
        var unit = 0;
        while (value >= 1000 && unit < ByteUnits.Length - 1)
        {
            value /= 1000;
            unit++;
        }

        return string.Create(CultureInfo.InvariantCulture, $"{value:0.#} {ByteUnits[unit]}");
    }

    /// <summary>"850 ms", "42 s", "2 min 5 s", "1 h 3 min", "2 d 4 h"; the two largest units are enough.</summary>
    public static string Duration(TimeSpan duration)
    {
        if (duration < TimeSpan.FromSeconds(1))
        {
            return string.Create(CultureInfo.InvariantCulture, $"{Math.Max(duration.TotalMilliseconds, 0):0} ms");
        }

        return duration.TotalMinutes < 1 ? string.Create(CultureInfo.InvariantCulture, $"{duration.TotalSeconds:0.#} s")
            : duration.TotalHours < 1 ? Pair(duration.Minutes, "min", duration.Seconds, "s")
            : duration.TotalDays < 1 ? Pair(duration.Hours, "h", duration.Minutes, "min")
            : Pair((int)duration.TotalDays, "d", duration.Hours, "h");
    }

    /// <summary>A duration in seconds as stored in views; "—" when absent.</summary>
    public static string Seconds(double? seconds) => seconds is { } s ? Duration(TimeSpan.FromSeconds(s)) : "—";

    /// <summary>A UTC time to the minute; the full ISO time goes in the element's title.</summary>
    public static string Timestamp(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC";

    /// <summary>"3 min ago", "2 h ago", "5 d ago"; "just now" under a minute.</summary>
    public static string Ago(DateTime utc, DateTime now)
    {
        var elapsed = now - utc;
        return elapsed < TimeSpan.FromMinutes(1) ? "just now" : Duration(elapsed).Split(' ') is [var n, var unit, ..] ? $"{n} {unit} ago" : "just now";
    }

    /// <summary>JSON pretty-printed for reading: indented, nothing escaped that need not be.</summary>
    public static string Json(JsonElement json) => JsonSerializer.Serialize(json, ReadableJson);

    /// <summary>
    /// The last 8 hex digits of an id: ids are version-7 GUIDs whose first digits are a timestamp, so
    /// ids made in the same minute share their beginning but not their end.
    /// </summary>
    public static string ShortId(Guid id) => id.ToString("N")[^8..];

    public static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Pair(int major, string majorUnit, int minor, string minorUnit) =>
        minor == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{major} {majorUnit}")
            : string.Create(CultureInfo.InvariantCulture, $"{major} {majorUnit} {minor} {minorUnit}");
}
