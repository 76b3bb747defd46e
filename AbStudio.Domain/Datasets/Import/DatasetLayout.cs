namespace AbStudio.Domain.Datasets.Import;

/// <summary>The files of one dataset and how to read each, as the format defines them.</summary>
internal sealed record DatasetFiles(
    DatasetFormat Format,
    RecordFile<DocumentRecord> Documents,
    RecordFile<QueryRecord> Queries,
    IReadOnlyList<RecordFile<JudgmentRecord>> Judgments);

/// <summary>
/// Which file is which in each format (docs/datasets.md describes the same). Without a format, it
/// is recognised from the files: <c>qrels/*.tsv</c> → BEIR, <c>judgments.jsonl</c> → JSONL,
/// <c>judgments.csv</c> → CSV, <c>qrels.txt</c> or <c>qrels</c> → TREC.
/// </summary>
internal static class DatasetLayout
{
    public const string DefaultSplit = "test";

    public static DatasetFiles? Resolve(DatasetFolder folder, DatasetFormat? format, string? split, ImportErrors errors)
    {
        format ??= Detect(folder);
        switch (format)
        {
            case DatasetFormat.Beir:
                return Beir(folder, split, errors);
            case DatasetFormat.Jsonl:
                return Assemble(folder, DatasetFormat.Jsonl, errors,
                    Documents(folder, ".jsonl", JsonlDocuments), Required(folder, errors, "queries.jsonl", JsonlQueries),
                    JudgmentFile(folder, errors, "judgments.jsonl", (f, l, e) => JsonlJudgments(f, l, e, split ?? DefaultSplit)));
            case DatasetFormat.Csv:
                return Assemble(folder, DatasetFormat.Csv, errors,
                    Documents(folder, ".csv", CsvDocuments), Required(folder, errors, "queries.csv", CsvQueries),
                    JudgmentFile(folder, errors, "judgments.csv", (f, l, e) => CsvJudgments(f, l, e, split ?? DefaultSplit)));
            case DatasetFormat.Trec:
                var topics = folder.Find("topics.txt", "topics", "topics.tsv", "queries.tsv");
                return Assemble(folder, DatasetFormat.Trec, errors,
                    Documents(folder, ".jsonl", JsonlDocuments) ?? Documents(folder, ".csv", CsvDocuments),
                    topics is null ? Missing<QueryRecord>(errors, "topics.txt", "TREC topics (topics.txt, topics or topics.tsv)") : new(topics, TopicsReader.Read),
                    JudgmentFile(folder, errors, "qrels.txt", (f, l, e) => QrelsReader.ReadTrec(f, l, e, split ?? DefaultSplit), "qrels"));
            default:
                errors.Add(folder.Name, 0, "format",
                    "cannot tell the format: expected qrels/<split>.tsv (BEIR), judgments.jsonl (JSONL), judgments.csv (CSV) " +
                    "or qrels.txt (TREC); or name it with --format beir|trec|jsonl|csv");
                return null;
        }
    }

    private static DatasetFormat? Detect(DatasetFolder folder) =>
        folder.List("qrels", ".tsv").Count > 0 ? DatasetFormat.Beir
        : folder.Find("judgments.jsonl") is not null ? DatasetFormat.Jsonl
        : folder.Find("judgments.csv") is not null ? DatasetFormat.Csv
        : folder.Find("qrels.txt", "qrels") is not null ? DatasetFormat.Trec
        : null;

    private static DatasetFiles? Beir(DatasetFolder folder, string? split, ImportErrors errors)
    {
        var corpus = folder.Find("corpus.jsonl");
        var queries = Required(folder, errors, "queries.jsonl", JsonlQueries);
        var qrels = folder.List("qrels", ".tsv")
            .Where(f => split is null || SplitOf(f) == split)
            .Select(f => new RecordFile<JudgmentRecord>(f, (file, limits, e) => QrelsReader.ReadBeir(file, limits, e, SplitOf(file))))
            .ToList();
        if (corpus is null)
        {
            errors.Add("corpus.jsonl", 0, "file", "missing: a BEIR dataset needs corpus.jsonl (or corpus.jsonl.gz), queries.jsonl and qrels/<split>.tsv");
        }

        if (qrels.Count == 0)
        {
            errors.Add($"qrels/{split ?? "<split>"}.tsv", 0, "file",
                split is null ? "missing: a BEIR dataset needs at least one qrels/<split>.tsv" : $"missing: there is no qrels file for the split '{split}'");
        }

        return corpus is null || queries is null || qrels.Count == 0
            ? null
            : new DatasetFiles(DatasetFormat.Beir, new(corpus, JsonlDocuments), queries, qrels);
    }

    private static string SplitOf(InputFile file) => Path.GetFileNameWithoutExtension(file.Name);

    private static RecordFile<DocumentRecord>? Documents(
        DatasetFolder folder, string extension, Func<InputFile, DatasetImportLimits, ImportErrors, IEnumerable<DocumentRecord>> read) =>
        folder.Find("documents" + extension, "corpus" + extension) is { } file ? new(file, read) : null;

    private static RecordFile<T>? Required<T>(
        DatasetFolder folder, ImportErrors errors, string name, Func<InputFile, DatasetImportLimits, ImportErrors, IEnumerable<T>> read) =>
        folder.Find(name) is { } file ? new(file, read) : Missing<T>(errors, name, name);

    private static RecordFile<JudgmentRecord>[]? JudgmentFile(
        DatasetFolder folder, ImportErrors errors, string name,
        Func<InputFile, DatasetImportLimits, ImportErrors, IEnumerable<JudgmentRecord>> read, string? alternative = null)
    {
        var file = alternative is null ? folder.Find(name) : folder.Find(name, alternative);
        if (file is null)
        {
            Missing<JudgmentRecord>(errors, name, name);
            return null;
        }

        return [new(file, read)];
    }

    private static RecordFile<T>? Missing<T>(ImportErrors errors, string name, string what)
    {
        errors.Add(name, 0, "file", $"missing: the dataset needs {what}");
        return null;
    }

    private static DatasetFiles? Assemble(
        DatasetFolder folder, DatasetFormat format, ImportErrors errors,
        RecordFile<DocumentRecord>? documents, RecordFile<QueryRecord>? queries, RecordFile<JudgmentRecord>[]? judgments)
    {
        if (documents is null)
        {
            var extension = format == DatasetFormat.Csv ? ".csv" : ".jsonl";
            errors.Add("documents" + extension, 0, "file",
                $"missing: the dataset needs documents{extension} (or corpus{extension}, optionally .gz) in {folder.Name}");
        }

        return documents is null || queries is null || judgments is null ? null : new DatasetFiles(format, documents, queries, judgments);
    }

    private static IEnumerable<DocumentRecord> JsonlDocuments(InputFile file, DatasetImportLimits limits, ImportErrors errors) =>
        Map(JsonLinesReader.Read(file, limits, errors), r => RecordMapper.ToDocument(r, file.Name, errors));

    private static IEnumerable<QueryRecord> JsonlQueries(InputFile file, DatasetImportLimits limits, ImportErrors errors) =>
        Map(JsonLinesReader.Read(file, limits, errors), r => RecordMapper.ToQuery(r, file.Name, errors));

    private static IEnumerable<JudgmentRecord> JsonlJudgments(InputFile file, DatasetImportLimits limits, ImportErrors errors, string split) =>
        Map(JsonLinesReader.Read(file, limits, errors), r => RecordMapper.ToJudgment(r, file.Name, split, errors));

    private static IEnumerable<DocumentRecord> CsvDocuments(InputFile file, DatasetImportLimits limits, ImportErrors errors) =>
        Map(CsvTableReader.Read(file, limits, errors), r => RecordMapper.ToDocument(r, file.Name, errors));

    private static IEnumerable<QueryRecord> CsvQueries(InputFile file, DatasetImportLimits limits, ImportErrors errors) =>
        Map(CsvTableReader.Read(file, limits, errors), r => RecordMapper.ToQuery(r, file.Name, errors));

    private static IEnumerable<JudgmentRecord> CsvJudgments(InputFile file, DatasetImportLimits limits, ImportErrors errors, string split) =>
        Map(CsvTableReader.Read(file, limits, errors), r => RecordMapper.ToJudgment(r, file.Name, split, errors));

    private static IEnumerable<T> Map<T>(IEnumerable<SourceRecord> records, Func<SourceRecord, T?> map)
        where T : struct
    {
        foreach (var record in records)
        {
            if (map(record) is { } value)
            {
                yield return value;
            }
        }
    }
}
