using System.Globalization;

namespace AbStudio.Domain.Evaluation.Trec;

/// <summary>Reads a TREC run: one line per retrieved document, <c>qid Q0 docno rank score tag</c>.</summary>
public static class TrecRunReader
{
    /// <summary>Reads all lines; <paramref name="fileName"/> is only used in error messages.</summary>
    /// <exception cref="TrecFormatException">A line is malformed or lists a document twice for one query.</exception>
    public static TrecRun Read(TextReader reader, string fileName)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var documents = new Dictionary<string, List<ScoredDocument>>(StringComparer.Ordinal);
        var seen = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            var fields = TrecLine.Fields(line);
            if (fields.Length == 0)
            {
                continue;
            }

            if (fields.Length != 6)
            {
                throw TrecFormatException.At(fileName, lineNumber, $"expected 6 fields (qid Q0 docno rank score tag), found {fields.Length}");
            }

            var (queryId, documentId, scoreText) = (fields[0], fields[2], fields[4]);
            if (!double.TryParse(scoreText, NumberStyles.Float, CultureInfo.InvariantCulture, out var score) || !double.IsFinite(score))
            {
                throw TrecFormatException.At(fileName, lineNumber, $"score '{scoreText}' is not a number");
            }

            if (!documents.TryGetValue(queryId, out var list))
            {
                list = [];
                documents.Add(queryId, list);
                seen.Add(queryId, new HashSet<string>(StringComparer.Ordinal));
            }

            // trec_eval refuses duplicates too: a document counted twice would inflate every metric.
            if (!seen[queryId].Add(documentId))
            {
                throw TrecFormatException.At(fileName, lineNumber, $"document {documentId} appears twice for query {queryId}");
            }

            list.Add(new ScoredDocument(documentId, score));
        }

        var byQuery = new Dictionary<string, ScoredDocument[]>(documents.Count, StringComparer.Ordinal);
        foreach (var (queryId, list) in documents)
        {
            byQuery.Add(queryId, [.. list]);
        }

        return new TrecRun(byQuery);
    }
}
