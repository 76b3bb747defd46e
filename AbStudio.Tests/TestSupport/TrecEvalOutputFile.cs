using System.Globalization;

namespace AbStudio.Tests.TestSupport;

/// <summary>Reads trec_eval -q output (<c>measure\tqid\tvalue</c>) back into per-query values.</summary>
internal static class TrecEvalOutputFile
{
    /// <summary>The per-query values of one measure, in file order, without the "all" line.</summary>
    public static (string QueryId, double Value)[] PerQuery(string path, string measure) =>
        [.. File.ReadLines(path)
            .Select(line => line.Split('\t'))
            .Where(fields => fields[0].TrimEnd() == measure && fields[1] != "all")
            .Select(fields => (fields[1], double.Parse(fields[2], CultureInfo.InvariantCulture)))];
}
