namespace AbStudio.Domain.Datasets.Import;

/// <summary>
/// Relevance judgments in the two tabular forms: BEIR's <c>qrels/&lt;split&gt;.tsv</c> (tab-separated
/// <c>query-id corpus-id score</c>, header optional) and TREC qrels (<c>qid 0 docno grade</c>,
/// separated by spaces or tabs, the second column ignored).
/// </summary>
internal static class QrelsReader
{
    public static IEnumerable<JudgmentRecord> ReadBeir(InputFile file, DatasetImportLimits limits, ImportErrors errors, string split)
    {
        foreach (var (line, text) in Lines(file, limits, errors))
        {
            var fields = text.Split('\t');
            if (line == 1 && fields[0] == "query-id")
            {
                continue;
            }

            if (fields.Length != 3)
            {
                errors.Add(file.Name, line, "columns",
                    $"the line has {fields.Length} tab-separated column(s), expected 3: query-id, corpus-id, score");
                continue;
            }

            if (ToJudgment(file.Name, line, split, fields[0], fields[1], fields[2], "score", errors) is { } judgment)
            {
                yield return judgment;
            }
        }
    }

    public static IEnumerable<JudgmentRecord> ReadTrec(InputFile file, DatasetImportLimits limits, ImportErrors errors, string split)
    {
        foreach (var (line, text) in Lines(file, limits, errors))
        {
            var fields = text.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length != 4)
            {
                errors.Add(file.Name, line, "columns",
                    $"the line has {fields.Length} column(s), expected 4: query id, iteration (usually 0), document id, grade");
                continue;
            }

            if (ToJudgment(file.Name, line, split, fields[0], fields[2], fields[3], "grade", errors) is { } judgment)
            {
                yield return judgment;
            }
        }
    }

    /// <summary>The non-blank lines of a text file with their 1-based numbers; shared by the tabular readers.</summary>
    internal static IEnumerable<(int Line, string Text)> Lines(InputFile file, DatasetImportLimits limits, ImportErrors errors)
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

            if (!string.IsNullOrWhiteSpace(text))
            {
                yield return (line, text);
            }
        }
    }

    private static JudgmentRecord? ToJudgment(
        string file, int line, string split, string queryId, string documentId, string grade, string gradeField, ImportErrors errors)
    {
        if (queryId.Length == 0 || documentId.Length == 0)
        {
            errors.Add(file, line, queryId.Length == 0 ? "query-id" : "corpus-id", "is empty: each judgment needs a query id and a document id");
            return null;
        }

        return RecordMapper.ParseGrade(grade.Trim(), file, line, gradeField, errors) is { } value
            ? new JudgmentRecord(line, split, queryId, documentId, value)
            : null;
    }
}
