using System.Text;
using System.Text.Json;

namespace AbStudio.Domain.Datasets.Import;

/// <summary>
/// One JSONL object or CSV row, seen field by field. The mapping to documents, queries and
/// judgments (<see cref="RecordMapper"/>) is written once against this, for both formats.
/// </summary>
internal abstract class SourceRecord
{
    public abstract int Line { get; }

    /// <summary>The value of the first of <paramref name="aliases"/> present, and which name matched.</summary>
    public abstract FieldValue Get(string[] aliases);

    /// <summary>The fields not in <paramref name="used"/>, as a JSON object, or null when there are none.</summary>
    public abstract string? OtherFieldsJson(HashSet<string> used);
}

internal enum FieldKind
{
    Missing,
    Null,
    String,
    Number,
    Other,

    /// <summary>A JSON string that cannot become text: a <c>\u</c> escape naming half of a surrogate pair.</summary>
    InvalidText,
}

/// <summary>A field's value: <see cref="Text"/> is the string, or a number's literal text.</summary>
internal readonly record struct FieldValue(string Name, FieldKind Kind, string? Text);

internal sealed class JsonSourceRecord(int line, JsonElement root) : SourceRecord
{
    public override int Line => line;

    public override FieldValue Get(string[] aliases)
    {
        foreach (var name in aliases)
        {
            if (root.TryGetProperty(name, out var value))
            {
                return value.ValueKind switch
                {
                    JsonValueKind.String => ReadString(name, value),
                    JsonValueKind.Number => new FieldValue(name, FieldKind.Number, value.GetRawText()),
                    JsonValueKind.Null => new FieldValue(name, FieldKind.Null, null),
                    _ => new FieldValue(name, FieldKind.Other, null),
                };
            }
        }

        return new FieldValue(aliases[0], FieldKind.Missing, null);
    }

    private static FieldValue ReadString(string name, JsonElement value)
    {
        try
        {
            return new FieldValue(name, FieldKind.String, value.GetString());
        }
        catch (InvalidOperationException)
        {
            // Valid JSON, but "\ud800" alone is no character: it could be neither stored nor hashed faithfully.
            return new FieldValue(name, FieldKind.InvalidText, null);
        }
    }

    public override string? OtherFieldsJson(HashSet<string> used)
    {
        if (!root.EnumerateObject().Any(p => !used.Contains(p.Name)))
        {
            return null;
        }

        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var property in root.EnumerateObject().Where(p => !used.Contains(p.Name)))
            {
                property.WriteTo(writer);
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}

internal sealed class CsvSourceRecord(int line, string[] header, string[] values) : SourceRecord
{
    public override int Line => line;

    public override FieldValue Get(string[] aliases)
    {
        foreach (var name in aliases)
        {
            var index = Array.IndexOf(header, name);
            if (index >= 0)
            {
                return new FieldValue(name, FieldKind.String, values[index]);
            }
        }

        return new FieldValue(aliases[0], FieldKind.Missing, null);
    }

    public override string? OtherFieldsJson(HashSet<string> used)
    {
        if (header.All(used.Contains))
        {
            return null;
        }

        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            for (var i = 0; i < header.Length; i++)
            {
                if (!used.Contains(header[i]))
                {
                    writer.WriteString(header[i], values[i]);
                }
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
