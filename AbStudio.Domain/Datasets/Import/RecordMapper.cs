using System.Globalization;

namespace AbStudio.Domain.Datasets.Import;

/// <summary>
/// Turns a JSONL object or CSV row into a document, query or judgment, reporting each missing or
/// mistyped field with what to write instead. Returns null when the record cannot be used.
/// </summary>
internal static class RecordMapper
{
    public static DocumentRecord? ToDocument(SourceRecord record, string file, ImportErrors errors)
    {
        var id = ReadId(record, FieldNames.Id, "document", file, errors);
        var title = ReadOptionalString(record, FieldNames.Title, file, errors);
        var text = ReadRequiredString(record, FieldNames.Text, file, errors,
            "each document needs a \"text\" field (it may be an empty string)");
        if (id is null || text is null || title is null)
        {
            return null;
        }

        var used = new HashSet<string>(StringComparer.Ordinal) { id.Value.Name, text.Value.Name, title.Value.Name };
        return new DocumentRecord(record.Line, id.Value.Text!, title.Value.Text, text.Value.Text!, record.OtherFieldsJson(used));
    }

    public static QueryRecord? ToQuery(SourceRecord record, string file, ImportErrors errors)
    {
        var id = ReadId(record, FieldNames.Id, "query", file, errors);
        var text = ReadRequiredString(record, FieldNames.Text, file, errors, "each query needs a \"text\" field");
        if (text is { Text: "" })
        {
            errors.Add(file, record.Line, text.Value.Name, "is empty: a query needs text to search with");
            return null;
        }

        if (id is null || text is null)
        {
            return null;
        }

        var used = new HashSet<string>(StringComparer.Ordinal) { id.Value.Name, text.Value.Name };
        return new QueryRecord(record.Line, id.Value.Text!, text.Value.Text!, record.OtherFieldsJson(used));
    }

    public static JudgmentRecord? ToJudgment(SourceRecord record, string file, string defaultSplit, ImportErrors errors)
    {
        var queryId = ReadId(record, FieldNames.QueryId, "judgment's query", file, errors);
        var documentId = ReadId(record, FieldNames.DocumentId, "judgment's document", file, errors);
        var grade = ReadGrade(record, file, errors);
        var split = ReadOptionalString(record, FieldNames.Split, file, errors);
        if (queryId is null || documentId is null || grade is null || split is null)
        {
            return null;
        }

        var splitName = string.IsNullOrEmpty(split.Value.Text) ? defaultSplit : split.Value.Text;
        return new JudgmentRecord(record.Line, splitName, queryId.Value.Text!, documentId.Value.Text!, grade.Value);
    }

    /// <summary>Parses a grade as an integer; shared with the TSV and TREC qrels readers.</summary>
    public static int? ParseGrade(string text, string file, int line, string field, ImportErrors errors)
    {
        if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var grade))
        {
            return grade;
        }

        errors.Add(file, line, field, $"'{text}' is not an integer: grades are whole numbers (0 = not relevant, 1 and above = relevant)");
        return null;
    }

    private static FieldValue? ReadId(SourceRecord record, string[] aliases, string what, string file, ImportErrors errors)
    {
        var value = record.Get(aliases);
        switch (value.Kind)
        {
            case FieldKind.Missing:
                errors.Add(file, record.Line, aliases[0], $"missing: each {what} needs an id in \"{string.Join("\" or \"", aliases)}\"");
                return null;
            case FieldKind.String when string.IsNullOrWhiteSpace(value.Text):
                errors.Add(file, record.Line, value.Name, $"is empty: each {what} needs a non-empty id");
                return null;
            case FieldKind.String or FieldKind.Number:
                return value;
            default:
                errors.Add(file, record.Line, value.Name, Mistyped(value, "a string or an integer"));
                return null;
        }
    }

    private static FieldValue? ReadRequiredString(SourceRecord record, string[] aliases, string file, ImportErrors errors, string whenMissing)
    {
        var value = record.Get(aliases);
        switch (value.Kind)
        {
            case FieldKind.String:
                return value;
            case FieldKind.Missing:
                errors.Add(file, record.Line, aliases[0], $"missing: {whenMissing}");
                return null;
            default:
                errors.Add(file, record.Line, value.Name, Mistyped(value, "a string"));
                return null;
        }
    }

    /// <summary>An optional string: absent and null read as a null <see cref="FieldValue.Text"/>; null result = mistyped.</summary>
    private static FieldValue? ReadOptionalString(SourceRecord record, string[] aliases, string file, ImportErrors errors)
    {
        var value = record.Get(aliases);
        switch (value.Kind)
        {
            case FieldKind.String:
                return value;
            case FieldKind.Missing or FieldKind.Null:
                return value with { Text = null };
            default:
                errors.Add(file, record.Line, value.Name, Mistyped(value, "a string or null"));
                return null;
        }
    }

    private static int? ReadGrade(SourceRecord record, string file, ImportErrors errors)
    {
        var value = record.Get(FieldNames.Grade);
        return value.Kind switch
        {
            FieldKind.String or FieldKind.Number => ParseGrade(value.Text!, file, record.Line, value.Name, errors),
            FieldKind.Missing => Report($"missing: each judgment needs a grade in \"{string.Join("\" or \"", FieldNames.Grade)}\""),
            _ => Report($"must be an integer, not {Describe(value.Kind)}"),
        };

        int? Report(string message)
        {
            errors.Add(file, record.Line, value.Name, message);
            return null;
        }
    }

    private static string Mistyped(FieldValue value, string expected) =>
        value.Kind == FieldKind.InvalidText
            ? "contains an invalid \\u escape (half of a surrogate pair): fix the escape or remove it"
            : $"must be {expected}, not {Describe(value.Kind)}";

    private static string Describe(FieldKind kind) => kind switch
    {
        FieldKind.Null => "null",
        FieldKind.Number => "a number",
        FieldKind.String => "a string",
        _ => "an object or array",
    };
}
