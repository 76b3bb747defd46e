using System.Text.Json;
using AbStudio.Domain.AbTests.Definitions;
using AbStudio.Domain.Evaluation;
using AbStudio.Domain.Evaluation.Statistics;
using AbStudio.Domain.Runs.Summary;

namespace AbStudio.Domain.Exports;

/// <summary>Which collection an arm searched, and whether it was built for this run or reused.</summary>
public sealed record ArmCollectionInfo(string Fingerprint, string Status, bool Reused, long Chunks, int Dimensions, string? ModelRevision)
{
    /// <summary>What planning decided: <c>reused</c>, <c>joined</c> (another test's build), <c>building</c> or <c>rebuilding</c>.</summary>
    public string? Plan { get; init; }

    /// <summary>Why, in words (e.g. the model revision drifted, or reuse_existing was false).</summary>
    public string? Reason { get; init; }
}

/// <summary>What results.json says besides the numbers: the test, the dataset, and each arm's collection.</summary>
public sealed record ResultsContext(
    TestDefinition Definition,
    string DatasetContentHash,
    int DocumentCount,
    PairedComparisonOptions Statistics,
    IReadOnlyDictionary<string, ArmCollectionInfo?> Collections);

/// <summary>
/// Writes <c>results.json</c>, schema version 1 (docs/results-schema.md): per arm the mean of every
/// metric, latency percentiles and the collection used; every pair's paired statistics; and every
/// query's metric values per arm. Field names are snake_case and only ever added to.
/// </summary>
public static class ResultsDocument
{
    public const int SchemaVersion = 1;

    public static void Write(Stream stream, RunSummary summary, ResultsContext context)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(context);
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteNumber("schema_version", SchemaVersion);
        json.WriteString("name", context.Definition.Name);
        json.WriteString("generated_at", DateTime.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        json.WriteStartObject("dataset");
        json.WriteString("content_hash", context.DatasetContentHash);
        json.WriteString("split", context.Definition.Dataset.Split);
        json.WriteNumber("documents", context.DocumentCount);
        json.WriteNumber("queries", summary.QueryIds.Count);
        json.WriteEndObject();
        json.WriteStartArray("k");
        foreach (var k in context.Definition.K)
        {
            json.WriteNumberValue(k);
        }

        json.WriteEndArray();
        json.WriteString("primary_metric", context.Definition.PrimaryMetric);
        WriteStatisticsSettings(json, context.Statistics);

        json.WriteStartArray("arms");
        foreach (var arm in summary.Arms)
        {
            WriteArm(json, arm, context);
        }

        json.WriteEndArray();

        json.WriteStartArray("comparisons");
        foreach (var comparison in summary.Comparisons)
        {
            WriteComparison(json, comparison);
        }

        json.WriteEndArray();

        json.WriteStartArray("queries");
        for (var q = 0; q < summary.QueryIds.Count; q++)
        {
            json.WriteStartObject();
            json.WriteString("id", summary.QueryIds[q]);
            json.WriteStartObject("metrics");
            foreach (var arm in summary.Arms)
            {
                json.WriteStartObject(arm.ArmName);
                foreach (var (metric, values) in arm.PerQuery)
                {
                    json.WriteNumber(metric, Math.Round(values[q], 6));
                }

                json.WriteEndObject();
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteStatisticsSettings(Utf8JsonWriter json, PairedComparisonOptions statistics)
    {
        json.WriteStartObject("statistics");
        json.WriteString("seed", statistics.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture));
        json.WriteNumber("permutations", statistics.Permutations);
        json.WriteNumber("bootstrap_resamples", statistics.BootstrapResamples);
        json.WriteNumber("confidence", statistics.Confidence);
        json.WriteString("multiple_comparison_correction", "holm-bonferroni over all arm pairs × metrics");
        json.WriteEndObject();
    }

    private static void WriteArm(Utf8JsonWriter json, ArmSummary arm, ResultsContext context)
    {
        json.WriteStartObject();
        json.WriteString("name", arm.ArmName);
        json.WritePropertyName("configuration");
        JsonSerializer.Serialize(json, context.Definition.Arms.Single(a => a.Name == arm.ArmName), TestDefinitionReader.JsonOptions);
        if (context.Collections.GetValueOrDefault(arm.ArmName) is { } collection)
        {
            json.WriteStartObject("collection");
            json.WriteString("fingerprint", collection.Fingerprint);
            json.WriteString("status", collection.Status);
            json.WriteBoolean("reused", collection.Reused);
            json.WriteNumber("chunks", collection.Chunks);
            json.WriteNumber("dimensions", collection.Dimensions);
            json.WriteString("model_revision", collection.ModelRevision);
            json.WriteString("plan", collection.Plan);
            json.WriteString("reason", collection.Reason);
            json.WriteEndObject();
        }
        else
        {
            json.WriteNull("collection");
        }

        json.WriteStartObject("metrics");
        foreach (var (metric, mean) in arm.Means)
        {
            json.WriteNumber(metric, Math.Round(mean, 6));
        }

        json.WriteEndObject();
        WriteLatency(json, "latency_ms", arm.TotalLatency);
        json.WriteStartObject("stage_latency_ms");
        foreach (var (stage, latency) in arm.StageLatency)
        {
            WriteLatency(json, stage, latency);
        }

        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteLatency(Utf8JsonWriter json, string name, LatencySummary latency)
    {
        json.WriteStartObject(name);
        json.WriteNumber("mean", Math.Round(latency.Mean, 4));
        json.WriteNumber("p50", Math.Round(latency.P50, 4));
        json.WriteNumber("p90", Math.Round(latency.P90, 4));
        json.WriteNumber("p95", Math.Round(latency.P95, 4));
        json.WriteNumber("p99", Math.Round(latency.P99, 4));
        json.WriteEndObject();
    }

    private static void WriteComparison(Utf8JsonWriter json, ArmComparison comparison)
    {
        var s = comparison.Statistics;
        json.WriteStartObject();
        json.WriteString("arm_a", comparison.ArmA);
        json.WriteString("arm_b", comparison.ArmB);
        json.WriteString("metric", comparison.Metric);
        json.WriteNumber("n", s.Count);
        WriteNumber(json, "mean_a", s.MeanA);
        WriteNumber(json, "mean_b", s.MeanB);
        WriteNumber(json, "mean_difference", s.MeanDifference);
        json.WriteNumber("wins_b", s.Wins);
        json.WriteNumber("ties", s.Ties);
        json.WriteNumber("losses_b", s.Losses);
        WriteNumber(json, "sign_test_p", s.SignTestP);
        WriteNumber(json, "sign_test_p_holm", comparison.SignTestPHolm);
        WriteNumber(json, "t_statistic", s.TStatistic);
        WriteNumber(json, "t_test_p", s.TTestP);
        WriteNumber(json, "wilcoxon_p", s.WilcoxonP);
        WriteNumber(json, "randomization_p", s.RandomizationP);
        WriteNumber(json, "randomization_p_holm", comparison.RandomizationPHolm);
        json.WriteStartArray("ci95_mean_difference");
        WriteNumberValue(json, s.CiLower);
        WriteNumberValue(json, s.CiUpper);
        json.WriteEndArray();
        WriteNumber(json, "cohens_dz", s.CohensDz);
        json.WriteEndObject();
    }

    // NaN (e.g. a t statistic when every difference is zero) is not JSON: write null.
    private static void WriteNumber(Utf8JsonWriter json, string name, double value)
    {
        json.WritePropertyName(name);
        WriteNumberValue(json, value);
    }

    private static void WriteNumberValue(Utf8JsonWriter json, double value)
    {
        if (double.IsFinite(value))
        {
            json.WriteNumberValue(value);
        }
        else
        {
            json.WriteNullValue();
        }
    }
}
