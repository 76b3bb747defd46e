using System.Text.Json;
using AbStudio.Domain.Evaluation;

namespace AbStudio.Domain.Runs.Summary;

/// <summary>One arm's aggregates as a run stores them (its per-query values live in the query results).</summary>
public sealed record StoredArmSummary(string Name, IReadOnlyDictionary<string, double> Means, LatencySummary TotalLatency, IReadOnlyDictionary<string, LatencySummary> StageLatency);

/// <summary>
/// What a completed run keeps in <see cref="Run.SummaryJson"/>: per-arm means and latency
/// percentiles, and every paired comparison — what the summary and significance views read
/// without touching the per-query rows.
/// </summary>
public sealed record StoredRunSummary(int Queries, IReadOnlyList<StoredArmSummary> Arms, IReadOnlyList<ArmComparison> Comparisons)
{
    // A comparison of identical arms has undefined statistics (NaN): kept as "NaN", not refused.
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static StoredRunSummary From(RunSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        return new StoredRunSummary(
            summary.QueryIds.Count,
            [.. summary.Arms.Select(a => new StoredArmSummary(a.ArmName, a.Means, a.TotalLatency, a.StageLatency))],
            summary.Comparisons);
    }

    public string ToJson() => JsonSerializer.Serialize(this, Options);

    public static StoredRunSummary Read(string json) =>
        JsonSerializer.Deserialize<StoredRunSummary>(json, Options) ?? throw new InvalidDataException("The stored run summary is empty.");
}
