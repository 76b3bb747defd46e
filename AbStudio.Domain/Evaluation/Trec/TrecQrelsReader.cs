using System.Globalization;

namespace AbStudio.Domain.Evaluation.Trec;

/// <summary>Reads TREC qrels: one judgment per line, <c>qid 0 docno grade</c>; blank lines are skipped.</summary>
public static class TrecQrelsReader
{
    /// <summary>Reads all judgments; <paramref name="fileName"/> is only used in error messages.</summary>
    /// <exception cref="TrecFormatException">A line is malformed or judges a document twice.</exception>
    public static Qrels Read(TextReader reader, string fileName)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var grades = new Dictionary<string, Dictionary<string, int>>(StringComparer.Ordinal);
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            var fields = TrecLine.Fields(line);
            if (fields.Length == 0)
            {
                continue;
            }

            if (fields.Length != 4)
            {
                throw TrecFormatException.At(fileName, lineNumber, $"expected 4 fields (qid 0 docno grade), found {fields.Length}");
            }

            var (queryId, documentId, gradeText) = (fields[0], fields[2], fields[3]);
            if (!int.TryParse(gradeText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var grade))
            {
                throw TrecFormatException.At(fileName, lineNumber, $"grade '{gradeText}' is not an integer");
            }

            if (!grades.TryGetValue(queryId, out var query))
            {
                query = new Dictionary<string, int>(StringComparer.Ordinal);
                grades.Add(queryId, query);
            }

            if (!query.TryAdd(documentId, grade))
            {
                throw TrecFormatException.At(fileName, lineNumber, $"document {documentId} is judged twice for query {queryId}");
            }
        }

        var byQuery = new Dictionary<string, QueryJudgments>(grades.Count, StringComparer.Ordinal);
        foreach (var (queryId, query) in grades)
        {
            byQuery.Add(queryId, new QueryJudgments(query));
        }

        return new Qrels(byQuery);
    }
}
