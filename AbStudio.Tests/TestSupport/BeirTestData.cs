using System.IO.Compression;
using System.Text.Json;
using AbStudio.Domain.Evaluation;

namespace AbStudio.Tests.TestSupport;

/// <summary>
/// Reads a BEIR folder from shared/datasets straight into memory for retrieval tests that need a
/// real corpus but not the database (the importer has its own tests).
/// </summary>
internal sealed record BeirTestData(
    IReadOnlyList<string> DocumentIds,
    IReadOnlyList<string> DocumentTexts,
    IReadOnlyList<(string Id, string Text)> Queries,
    IReadOnlyDictionary<string, QueryJudgments> Judgments)
{
    public static BeirTestData Load(string name, string split = "test")
    {
        var folder = Path.Combine(SharedData.Datasets, name);
        var ids = new List<string>();
        var texts = new List<string>();
        foreach (var record in JsonLines(Path.Combine(folder, "corpus.jsonl")))
        {
            ids.Add(record.GetProperty("_id").GetString()!);
            var title = record.TryGetProperty("title", out var t) ? t.GetString() : null;
            var text = record.GetProperty("text").GetString()!;
            texts.Add(string.IsNullOrEmpty(title) ? text : title + " " + text);
        }

        var grades = new Dictionary<string, Dictionary<string, int>>();
        foreach (var line in File.ReadLines(Path.Combine(folder, "qrels", split + ".tsv")).Skip(1))
        {
            var fields = line.Split('\t');
            if (!grades.TryGetValue(fields[0], out var byDocument))
            {
                grades[fields[0]] = byDocument = new Dictionary<string, int>();
            }

            byDocument[fields[1]] = int.Parse(fields[2], System.Globalization.CultureInfo.InvariantCulture);
        }

        var queries = JsonLines(Path.Combine(folder, "queries.jsonl"))
            .Select(q => (Id: q.GetProperty("_id").GetString()!, Text: q.GetProperty("text").GetString()!))
            .Where(q => grades.ContainsKey(q.Id))
            .ToList();
        return new BeirTestData(ids, texts, queries, grades.ToDictionary(g => g.Key, g => new QueryJudgments(g.Value)));
    }

    private static IEnumerable<JsonElement> JsonLines(string pathWithoutGz)
    {
        var path = File.Exists(pathWithoutGz) ? pathWithoutGz : pathWithoutGz + ".gz";
        using var file = File.OpenRead(path);
        using Stream stream = path.EndsWith(".gz", StringComparison.Ordinal) ? new GZipStream(file, CompressionMode.Decompress) : file;
        using var reader = new StreamReader(stream);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0)
            {
                yield return JsonDocument.Parse(line).RootElement.Clone();
            }
        }
    }
}
