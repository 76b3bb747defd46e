using AbStudio.Domain.Runs.Summary;

namespace AbStudio.Web.Features.Results;

/// <summary>The parts of a run's metric names ("ndcg@10": family ndcg, cut-off 10), in RunMetrics' order.</summary>
public static class MetricName
{
    /// <summary>The families every run computes at each k, in the order the summary shows them.</summary>
    public static IReadOnlyList<string> Families { get; } = [.. RunMetrics.For([1]).Select(m => Parse(m.Name).Family)];

    public static string Of(string family, int k) => $"{family}@{k}";

    public static (string Family, int K) Parse(string metric)
    {
        ArgumentNullException.ThrowIfNull(metric);
        var at = metric.LastIndexOf('@');
        return at > 0 && int.TryParse(metric.AsSpan(at + 1), System.Globalization.CultureInfo.InvariantCulture, out var k)
            ? (metric[..at], k)
            : throw new FormatException($"'{metric}' is not a metric name like ndcg@10.");
    }
}
