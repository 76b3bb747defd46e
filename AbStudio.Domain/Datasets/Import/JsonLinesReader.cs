using System.Text.Json;

namespace AbStudio.Domain.Datasets.Import;

/// <summary>
/// Reads JSON Lines one line at a time: each line is parsed alone and released before the next, so
/// a corpus is never in memory as a whole. Blank lines are skipped.
/// </summary>
internal static class JsonLinesReader
{
    public static IEnumerable<SourceRecord> Read(InputFile file, DatasetImportLimits limits, ImportErrors errors)
    {
        using var reader = file.TryOpenText(limits, errors);
        if (reader is null)
        {
            yield break;
        }

        for (var line = 1; !errors.IsFull; line++)
        {
            var text = file.ReadLine(reader, errors, line);
            if (text is null)
            {
                yield break;
            }

            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            using var json = Parse(text, file.Name, line, errors);
            if (json is not null)
            {
                yield return new JsonSourceRecord(line, json.RootElement);
            }
        }
    }

    private static JsonDocument? Parse(string text, string file, int line, ImportErrors errors)
    {
        JsonDocument json;
        try
        {
            json = JsonDocument.Parse(text);
        }
        catch (JsonException e)
        {
            errors.Add(file, line, "json",
                $"malformed JSON at byte {e.BytePositionInLine} of the line: each line must hold one complete JSON object");
            return null;
        }

        if (json.RootElement.ValueKind != JsonValueKind.Object)
        {
            errors.Add(file, line, "json", $"the line holds a JSON {json.RootElement.ValueKind.ToString().ToLowerInvariant()}, not an object: each line must hold one JSON object");
            json.Dispose();
            return null;
        }

        return json;
    }
}
