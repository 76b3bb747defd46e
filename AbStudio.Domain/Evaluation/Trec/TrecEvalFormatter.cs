using System.Globalization;

namespace AbStudio.Domain.Evaluation.Trec;

/// <summary>
/// Writes an evaluation in the shape of <c>trec_eval -q -c</c> output: for each query
/// <c>measure\tqid\tvalue</c> lines, then the <c>all</c> lines; the measure name left-aligned in 22
/// characters (trec_eval's <c>%-22s</c>), counts as integers, everything else to 4 decimals, and
/// '\n' line ends whatever the platform.
/// </summary>
public static class TrecEvalFormatter
{
    private const string AllQueries = "all";

    public static void Write(TrecEvaluation evaluation, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        ArgumentNullException.ThrowIfNull(writer);
        var options = evaluation.Options;
        foreach (var query in evaluation.Queries)
        {
            var m = query.Metrics;
            WriteCount(writer, "num_ret", query.QueryId, m.Retrieved);
            WriteCount(writer, "num_rel", query.QueryId, m.Relevant);
            WriteCount(writer, "num_rel_ret", query.QueryId, m.RelevantRetrieved);
            WriteMeasures(writer, query.QueryId, options, measure => measure(m));
        }

        WriteCount(writer, "num_q", AllQueries, evaluation.Queries.Count);
        WriteCount(writer, "num_ret", AllQueries, evaluation.Sum(m => m.Retrieved));
        WriteCount(writer, "num_rel", AllQueries, evaluation.Sum(m => m.Relevant));
        WriteCount(writer, "num_rel_ret", AllQueries, evaluation.Sum(m => m.RelevantRetrieved));
        WriteMeasures(writer, AllQueries, options, evaluation.Mean);
    }

    // trec_eval's order: map, recip_rank, P, recall, ndcg_cut, map_cut, success.
    private static void WriteMeasures(
        TextWriter writer, string queryId, EvaluationOptions options, Func<Func<QueryMetrics, double>, double> valueOf)
    {
        WriteValue(writer, "map", queryId, valueOf(m => m.AveragePrecision));
        WriteValue(writer, "recip_rank", queryId, valueOf(m => m.ReciprocalRank));
        foreach (var k in options.Cutoffs)
        {
            WriteValue(writer, $"P_{k}", queryId, valueOf(m => m.PrecisionAt(k)));
        }

        foreach (var k in options.Cutoffs)
        {
            WriteValue(writer, $"recall_{k}", queryId, valueOf(m => m.RecallAt(k)));
        }

        foreach (var k in options.Cutoffs)
        {
            WriteValue(writer, $"ndcg_cut_{k}", queryId, valueOf(m => m.NdcgAt(k)));
        }

        foreach (var k in options.MapCutoffs)
        {
            WriteValue(writer, $"map_cut_{k}", queryId, valueOf(m => m.MapAt(k)));
        }

        foreach (var k in options.Cutoffs)
        {
            WriteValue(writer, $"success_{k}", queryId, valueOf(m => m.HitAt(k)));
        }
    }

    private static void WriteCount(TextWriter writer, string measure, string queryId, double count) =>
        WriteLine(writer, measure, queryId, ((long)count).ToString(CultureInfo.InvariantCulture));

    private static void WriteValue(TextWriter writer, string measure, string queryId, double value) =>
        WriteLine(writer, measure, queryId, value.ToString("F4", CultureInfo.InvariantCulture));

    private static void WriteLine(TextWriter writer, string measure, string queryId, string value)
    {
        writer.Write(measure.PadRight(22));
        writer.Write('\t');
        writer.Write(queryId);
        writer.Write('\t');
        writer.Write(value);
        writer.Write('\n');
    }
}
