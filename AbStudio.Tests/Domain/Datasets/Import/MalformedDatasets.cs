using System.IO.Compression;
using System.Text;
using AbStudio.Domain.Datasets;
using AbStudio.Domain.Datasets.Import;

namespace AbStudio.Tests.Domain.Datasets.Import;

/// <summary>
/// Broken datasets, each with the exact problems the import must report. Each starts from a small
/// valid BEIR dataset and breaks one thing, so the expected messages are about that thing only.
/// </summary>
internal static class MalformedDatasets
{
    private const string Corpus = """
        {"_id": "d1", "title": "One", "text": "first document"}
        {"_id": "d2", "title": "Two", "text": "second document"}
        {"_id": "d3", "text": "third document"}

        """;

    private const string Queries = """
        {"_id": "q1", "text": "first query"}
        {"_id": "q2", "text": "second query"}

        """;

    private const string Qrels = "query-id\tcorpus-id\tscore\nq1\td1\t1\nq2\td2\t2\nq2\td3\t0\n";

    public static IReadOnlyDictionary<string, MalformedCase> Cases { get; } = new MalformedCase[]
    {
        Beir("MalformedJson", corpus: Corpus.Replace("\"text\": \"second document\"}", "\"text\": \"second document\"", StringComparison.Ordinal))
            .Expect("corpus.jsonl:2: json: malformed JSON at byte 55 of the line: each line must hold one complete JSON object"),
        Beir("LineIsNotAnObject", queries: Queries + "[\"q3\", \"third\"]\n")
            .Expect("queries.jsonl:3: json: the line holds a JSON array, not an object: each line must hold one JSON object"),
        Beir("MissingDocumentId", corpus: Corpus.Replace("\"_id\": \"d3\", ", "", StringComparison.Ordinal))
            .Expect("corpus.jsonl:3: _id: missing: each document needs an id in \"_id\" or \"id\""),
        Beir("EmptyQueryId", queries: Queries.Replace("\"q2\"", "\"\"", StringComparison.Ordinal), qrels: "query-id\tcorpus-id\tscore\nq1\td1\t1\n")
            .Expect("queries.jsonl:2: _id: is empty: each query needs a non-empty id"),
        Beir("IdIsAnObject", corpus: Corpus.Replace("\"d2\"", "{\"x\": 2}", StringComparison.Ordinal), qrels: "query-id\tcorpus-id\tscore\nq1\td1\t1\n")
            .Expect("corpus.jsonl:2: _id: must be a string or an integer, not an object or array"),
        Beir("MissingText", corpus: Corpus.Replace(", \"text\": \"first document\"", "", StringComparison.Ordinal), qrels: "query-id\tcorpus-id\tscore\nq2\td2\t1\n")
            .Expect("corpus.jsonl:1: text: missing: each document needs a \"text\" field (it may be an empty string)"),
        Beir("TextIsANumber", corpus: Corpus.Replace("\"first document\"", "42", StringComparison.Ordinal), qrels: "query-id\tcorpus-id\tscore\nq2\td2\t1\n")
            .Expect("corpus.jsonl:1: text: must be a string, not a number"),
        Beir("EmptyQueryText", queries: Queries.Replace("\"second query\"", "\"\"", StringComparison.Ordinal), qrels: "query-id\tcorpus-id\tscore\nq1\td1\t1\n")
            .Expect("queries.jsonl:2: text: is empty: a query needs text to search with"),
        Beir("DuplicateDocumentId", corpus: Corpus + "{\"_id\": \"d2\", \"text\": \"again\"}\n")
            .Expect("corpus.jsonl:4: _id: duplicate document id 'd2' (first on line 2): ids must be unique"),
        Beir("DuplicateQueryId", queries: Queries.Replace("\"q2\"", "\"q1\"", StringComparison.Ordinal), qrels: "query-id\tcorpus-id\tscore\nq1\td1\t1\n")
            .Expect("queries.jsonl:2: _id: duplicate query id 'q1' (first on line 1): ids must be unique"),
        Beir("DuplicateJudgment", qrels: Qrels + "q1\td1\t2\n")
            .Expect("qrels/test.tsv:5: judgment: duplicate judgment of document 'd1' for query 'q1' in split 'test' (first on line 2): keep one grade per query and document"),
        Beir("JudgmentsNameUnknownQueries", qrels: Qrels + string.Concat(Enumerable.Range(1, 7).Select(i => $"x{i}\td1\t1\n")))
            .Expect("qrels/test.tsv:5: query-id: 7 judgment(s) name queries that are not in queries.jsonl: 'x1' (line 5), 'x2' (line 6), 'x3' (line 7), 'x4' (line 8), 'x5' (line 9) and 2 more; fix the ids or add the missing queries"),
        Beir("JudgmentsNameUnknownDocuments", qrels: Qrels + "q1\tnope\t1\n")
            .Expect("qrels/test.tsv:5: corpus-id: 1 judgment(s) name documents that are not in corpus.jsonl: 'nope' (line 5); fix the ids or add the missing documents"),
        Beir("EmptyCorpus", corpus: "\n", qrels: "query-id\tcorpus-id\tscore\n")
            .Expect("corpus.jsonl:0: file: the corpus has no documents: a dataset needs at least one"),
        Beir("NotUtf8", corpus: Encoding.Latin1.GetBytes(Corpus.Replace("third", "caf\u00e9", StringComparison.Ordinal)))
            .Expect("corpus.jsonl:3: encoding: this is not UTF-8 text (byte 0xE9); save the file as UTF-8"),
        Beir("Utf16File", queries: Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(Queries)).ToArray())
            .Expect("queries.jsonl:1: encoding: this is not UTF-8 text (byte 0xFF); save the file as UTF-8"),
        Beir("LoneSurrogateEscape", corpus: Corpus.Replace("third document", "\\ud800", StringComparison.Ordinal))
            .Expect("corpus.jsonl:3: text: contains an invalid \\u escape (half of a surrogate pair): fix the escape or remove it"),
        Beir("FileTooLarge", limits: new() { MaxFileBytes = 100 })
            .Expect("corpus.jsonl:0: size: the file has 153 bytes, more than the limit of 100 (Datasets:Import:MaxFileBytes): split it or raise the limit"),
        Beir("CompressedFileTooLarge", corpus: Gzip(Corpus + string.Concat(Enumerable.Repeat("\n", 5000))), corpusName: "corpus.jsonl.gz", limits: new() { MaxFileBytes = 4000 })
            .Expect("corpus.jsonl.gz:3851: size: the file is larger than 4,000 bytes (limit Datasets:Import:MaxFileBytes): split it or raise the limit"),
        Beir("CorruptGzip", corpus: new byte[] { 0x1f, 0x8b, 8, 0, 1, 2, 3, 4, 5, 6, 7 }, corpusName: "corpus.jsonl.gz")
            .Expect("corpus.jsonl.gz:1: compression: the file cannot be decompressed (The archive entry was compressed using an unsupported compression method.); check that it is a complete gzip file"),
        Beir("DocumentTooLong", limits: new() { MaxDocumentChars = 17 })
            .Expect("corpus.jsonl:2: text: the document has 18 characters, more than 17 (limit Datasets:Import:MaxDocumentChars): chunk it before import or raise the limit"),
        Beir("TooManyDocuments", limits: new() { MaxDocuments = 2 })
            .Expect("corpus.jsonl:3: size: more than 2 documents (limit Datasets:Import:MaxDocuments): import a subset or raise the limit"),
        Beir("LineTooLong", corpus: Corpus + $"{{\"_id\": \"d4\", \"text\": \"{new string('x', 300)}\"}}\n", limits: new() { MaxLineBytes = 200 })
            .Expect("corpus.jsonl:4: size: the line is longer than 200 bytes (limit Datasets:Import:MaxLineBytes): is the file really one record per line?"),
        Beir("GradeIsNotAnInteger", qrels: Qrels.Replace("q2\td2\t2", "q2\td2\t1.5", StringComparison.Ordinal))
            .Expect("qrels/test.tsv:3: score: '1.5' is not an integer: grades are whole numbers (0 = not relevant, 1 and above = relevant)"),
        Beir("QrelsWithTwoColumns", qrels: Qrels + "q1 d2 1\n")
            .Expect("qrels/test.tsv:5: columns: the line has 1 tab-separated column(s), expected 3: query-id, corpus-id, score"),
        Beir("MissingQueriesFile", withoutQueries: true)
            .Expect("queries.jsonl:0: file: missing: the dataset needs queries.jsonl"),
        new MalformedCase("TrecQrelsWithThreeColumns", DatasetFormat.Trec, new()
        {
            ["documents.jsonl"] = Encoding.UTF8.GetBytes(Corpus),
            ["topics.tsv"] = "q1\tfirst query\n"u8.ToArray(),
            ["qrels.txt"] = "q1 0 d1 1\nq1 d2 1\n"u8.ToArray(),
        }).Expect("qrels.txt:2: columns: the line has 3 column(s), expected 4: query id, iteration (usually 0), document id, grade"),
        new MalformedCase("TrecTopicWithoutTitle", DatasetFormat.Trec, new()
        {
            ["documents.jsonl"] = Encoding.UTF8.GetBytes(Corpus),
            ["topics.txt"] = "<top>\n<num> Number: 401\n<title> first query\n</top>\n\n<top>\n<num> Number: 402\n<desc> Description:\nno title here\n</top>\n"u8.ToArray(),
            ["qrels.txt"] = "401 0 d1 1\n"u8.ToArray(),
        }).Expect("topics.txt:6: title: the topic has no <title>: each <top> needs a <num> and a <title>"),
        new MalformedCase("CsvRowWithExtraField", DatasetFormat.Csv, new()
        {
            ["documents.csv"] = "id,title,text\nd1,One,first document\nd2,Two,second, unquoted\n"u8.ToArray(),
            ["queries.csv"] = "id,text\nq1,first query\n"u8.ToArray(),
            ["judgments.csv"] = "query_id,doc_id,grade\nq1,d1,1\n"u8.ToArray(),
        }).Expect("documents.csv:3: columns: the row has 4 field(s) but the header has 3 (id, title, text): quote fields that contain commas"),
        new MalformedCase("CsvWithoutTextColumn", DatasetFormat.Csv, new()
        {
            ["documents.csv"] = "id,body\nd1,first document\n"u8.ToArray(),
            ["queries.csv"] = "id,text\nq1,first query\n"u8.ToArray(),
            ["judgments.csv"] = "query_id,doc_id,grade\nq1,d1,1\n"u8.ToArray(),
        }).Expect("documents.csv:2: text: missing: each document needs a \"text\" field (it may be an empty string)"),
        LateFailure(),
    }.ToDictionary(c => c.Name, StringComparer.Ordinal);

    /// <summary>1,500 good documents (two write batches) and a bad judgment at the very end: rows exist until the rollback.</summary>
    private static MalformedCase LateFailure()
    {
        var corpus = string.Concat(Enumerable.Range(1, 1500).Select(i => $"{{\"_id\": \"d{i}\", \"text\": \"document {i}\"}}\n"));
        return Beir("FailureAfterRowsWereWritten", corpus: corpus, qrels: Qrels + "q1\td9999\t1\n")
            .Expect("qrels/test.tsv:5: corpus-id: 1 judgment(s) name documents that are not in corpus.jsonl: 'd9999' (line 5); fix the ids or add the missing documents");
    }

    private static MalformedCase Beir(
        string name, object? corpus = null, object? queries = null, string? qrels = null, bool withoutQueries = false, string corpusName = "corpus.jsonl", DatasetImportLimits? limits = null)
    {
        var files = new Dictionary<string, byte[]>
        {
            [corpusName] = Bytes(corpus ?? Corpus),
            ["qrels/test.tsv"] = Encoding.UTF8.GetBytes(qrels ?? Qrels),
        };
        if (!withoutQueries)
        {
            files["queries.jsonl"] = Bytes(queries ?? Queries);
        }

        return new MalformedCase(name, DatasetFormat.Beir, files, limits ?? new DatasetImportLimits());
    }

    private static byte[] Bytes(object content) => content as byte[] ?? Encoding.UTF8.GetBytes((string)content);

    private static byte[] Gzip(string text)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Optimal))
        {
            gzip.Write(Encoding.UTF8.GetBytes(text));
        }

        return buffer.ToArray();
    }
}

internal sealed record MalformedCase(string Name, DatasetFormat Format, Dictionary<string, byte[]> Files, DatasetImportLimits? Limits = null)
{
    public IReadOnlyList<string> Expected { get; private init; } = [];

    public DatasetImportLimits EffectiveLimits => Limits ?? new DatasetImportLimits();

    public MalformedCase Expect(params string[] errors) => this with { Expected = errors };

    public TemporaryDataset Write()
    {
        var folder = new TemporaryDataset();
        foreach (var (path, content) in Files)
        {
            folder.With(path, content);
        }

        return folder;
    }
}
