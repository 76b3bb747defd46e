using System.Text;
using System.Text.Json;

namespace AbStudio.Domain.Datasets.Import;

/// <summary>
/// TREC topics, in either form, told apart by the first non-blank character: classic SGML-ish
/// <c>&lt;top&gt; &lt;num&gt; Number: 401 &lt;title&gt; … &lt;desc&gt; … &lt;narr&gt; … &lt;/top&gt;</c> (tags need not be closed;
/// the query text is the title, description and narrative go to metadata), or <c>qid&lt;TAB&gt;text</c> lines.
/// </summary>
internal static class TopicsReader
{
    private static readonly string[] Sections = ["num", "title", "desc", "narr"];

    public static IEnumerable<QueryRecord> Read(InputFile file, DatasetImportLimits limits, ImportErrors errors)
    {
        var lines = QrelsReader.Lines(file, limits, errors);
        using var cursor = lines.GetEnumerator();
        if (!cursor.MoveNext())
        {
            yield break;
        }

        var records = cursor.Current.Text.TrimStart().StartsWith('<')
            ? ReadSgml(Rest(cursor), file.Name, errors)
            : ReadTsv(Rest(cursor), file.Name, errors);
        foreach (var record in records)
        {
            yield return record;
        }
    }

    private static IEnumerable<(int Line, string Text)> Rest(IEnumerator<(int Line, string Text)> cursor)
    {
        do
        {
            yield return cursor.Current;
        }
        while (cursor.MoveNext());
    }

    private static IEnumerable<QueryRecord> ReadTsv(IEnumerable<(int Line, string Text)> lines, string file, ImportErrors errors)
    {
        foreach (var (line, text) in lines)
        {
            var fields = text.Split('\t');
            if (fields.Length != 2)
            {
                errors.Add(file, line, "columns", $"the line has {fields.Length} tab-separated column(s), expected 2: query id, text");
                continue;
            }

            if (line == 1 && fields[0] is "qid" or "query_id" or "query-id" or "_id" or "id")
            {
                continue;
            }

            if (fields[0].Length == 0 || fields[1].Trim().Length == 0)
            {
                errors.Add(file, line, fields[0].Length == 0 ? "qid" : "text", "is empty: each topic needs an id and a text");
                continue;
            }

            yield return new QueryRecord(line, fields[0], fields[1], null);
        }
    }

    private static IEnumerable<QueryRecord> ReadSgml(IEnumerable<(int Line, string Text)> lines, string file, ImportErrors errors)
    {
        Topic? topic = null;
        string? section = null;
        foreach (var (line, raw) in lines)
        {
            var text = raw.Trim();
            if (text.StartsWith("<top>", StringComparison.OrdinalIgnoreCase))
            {
                if (topic is not null)
                {
                    errors.Add(file, topic.Line, "top", "<top> is not closed: end each topic with </top>");
                }

                topic = new Topic(line);
                section = null;
                text = text[5..].Trim();
            }

            if (topic is null)
            {
                errors.Add(file, line, "top", "text outside a <top> … </top> topic");
                continue;
            }

            var end = text.EndsWith("</top>", StringComparison.OrdinalIgnoreCase);
            if (end)
            {
                text = text[..^6].Trim();
            }

            if (TryOpenSection(ref text) is { } opened)
            {
                section = opened;
            }

            if (section is not null && text.Length > 0)
            {
                topic.Append(section, text);
            }

            if (end)
            {
                if (topic.ToQuery(file, errors) is { } query)
                {
                    yield return query;
                }

                topic = null;
            }
        }

        if (topic is not null)
        {
            errors.Add(file, topic.Line, "top", "<top> is not closed: end each topic with </top>");
        }
    }

    /// <summary>Recognises <c>&lt;num&gt;</c> and friends at the start of a line and strips the tag and its label.</summary>
    private static string? TryOpenSection(ref string text)
    {
        foreach (var name in Sections)
        {
            var tag = $"<{name}>";
            if (text.StartsWith(tag, StringComparison.OrdinalIgnoreCase))
            {
                text = text[tag.Length..].Replace($"</{name}>", "", StringComparison.OrdinalIgnoreCase).Trim();
                foreach (var label in new[] { "Number:", "Topic:", "Description:", "Narrative:" })
                {
                    if (text.StartsWith(label, StringComparison.OrdinalIgnoreCase))
                    {
                        text = text[label.Length..].Trim();
                    }
                }

                return name;
            }
        }

        return null;
    }

    private sealed class Topic(int line)
    {
        private readonly Dictionary<string, StringBuilder> _sections = new(StringComparer.Ordinal);

        public int Line { get; } = line;

        public void Append(string section, string text)
        {
            if (!_sections.TryGetValue(section, out var builder))
            {
                _sections[section] = builder = new StringBuilder();
            }
            else
            {
                builder.Append(' ');
            }

            builder.Append(text);
        }

        public QueryRecord? ToQuery(string file, ImportErrors errors)
        {
            var id = Section("num");
            var title = Section("title");
            if (string.IsNullOrEmpty(id) || string.IsNullOrEmpty(title))
            {
                errors.Add(file, Line, id is null or "" ? "num" : "title",
                    $"the topic has no <{(id is null or "" ? "num" : "title")}>: each <top> needs a <num> and a <title>");
                return null;
            }

            return new QueryRecord(Line, id, title, Metadata());
        }

        private string? Section(string name) => _sections.TryGetValue(name, out var builder) ? builder.ToString() : null;

        private string? Metadata()
        {
            var description = Section("desc");
            var narrative = Section("narr");
            if (description is null && narrative is null)
            {
                return null;
            }

            return JsonSerializer.Serialize(new Dictionary<string, string?> { ["description"] = description, ["narrative"] = narrative });
        }
    }
}
