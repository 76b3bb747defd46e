using System.Buffers;
using System.Text;
using System.Text.Json;
using AbStudio.Domain.Retrieval;

namespace AbStudio.Domain.Runs.Results;

/// <summary>
/// The two JSON columns of a stored query result: the ranked list <c>[{"doc": id, "score": s}, …]</c>
/// (best first, scores in round-trip form so a TREC run written from it ranks exactly as the run
/// did) and the metric values <c>{"ndcg@10": 0.61, …}</c>.
/// </summary>
public static class QueryResultJson
{
    public static string WriteRanking(ReadOnlySpan<RankedDocument> ranking)
    {
        var buffer = new ArrayBufferWriter<byte>(ranking.Length * 32 + 2);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            foreach (var document in ranking)
            {
                json.WriteStartObject();
                json.WriteString("doc", document.DocumentId);
                json.WriteNumber("score", document.Score);
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static RankedDocument[] ReadRanking(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        using var document = JsonDocument.Parse(json);
        var ranking = new RankedDocument[document.RootElement.GetArrayLength()];
        var i = 0;
        foreach (var entry in document.RootElement.EnumerateArray())
        {
            ranking[i++] = new RankedDocument(entry.GetProperty("doc").GetString()!, entry.GetProperty("score").GetDouble());
        }

        return ranking;
    }

    public static string WriteMetrics(IReadOnlyList<(string Name, Func<Evaluation.QueryMetrics, double> Read)> metrics, ReadOnlySpan<double> values)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        var buffer = new ArrayBufferWriter<byte>(metrics.Count * 24 + 2);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            for (var m = 0; m < metrics.Count; m++)
            {
                json.WriteNumber(metrics[m].Name, values[m]);
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>The stored metric values of one query, by metric name (the inverse of <see cref="WriteMetrics"/>).</summary>
    public static Dictionary<string, double> ReadMetrics(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new InvalidDataException("The stored query metrics are not a JSON object.");
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString()!;
            reader.Read();
            values[name] = reader.GetDouble();
        }

        return values;
    }
}
