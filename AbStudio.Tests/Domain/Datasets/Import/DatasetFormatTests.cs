using System.IO.Compression;
using AbStudio.Domain.Datasets;
using AbStudio.Domain.Datasets.Import;

namespace AbStudio.Tests.Domain.Datasets.Import;

/// <summary>
/// The same small dataset written in every supported format reads to the same content hash: the
/// readers agree on ids, titles, texts, splits and grades. Database-free (validation only).
/// </summary>
public sealed class DatasetFormatTests
{
    private const string Expected = "BEIR";

    public static TheoryData<string> Formats => ["BEIR", "BEIR zip", "BEIR gz", "JSONL", "CSV", "TREC SGML topics", "TREC TSV topics"];

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task ValidateAsync_SameDataInEachFormat_GivesTheSameHashAndCounts(string format)
    {
        using var reference = Write(Expected);
        using var folder = Write(format);
        var importer = new DatasetImporter(new NoDatabase(), new DatasetImportLimits());
        var path = format == "BEIR zip" ? Path.Combine(folder.Path, "dataset.zip") : folder.Path;

        var expected = await importer.ValidateAsync(new DatasetImportRequest(reference.Path), TestContext.Current.CancellationToken);
        var actual = await importer.ValidateAsync(new DatasetImportRequest(path), TestContext.Current.CancellationToken);

        Assert.Equal((3, 2, 3), (actual.Documents, actual.Queries, actual.Judgments));
        Assert.Equal(expected.ContentHash, actual.ContentHash);
    }

    [Fact]
    public async Task ValidateAsync_BeirWithOneSplitRequested_ReadsOnlyThatSplit()
    {
        using var folder = Write(Expected).With("qrels/train.tsv", "query-id\tcorpus-id\tscore\nq1\td3\t1\n");
        var importer = new DatasetImporter(new NoDatabase(), new DatasetImportLimits());

        var all = await importer.ValidateAsync(new DatasetImportRequest(folder.Path), TestContext.Current.CancellationToken);
        var test = await importer.ValidateAsync(new DatasetImportRequest(folder.Path, DatasetFormat.Beir, Split: "test"), TestContext.Current.CancellationToken);

        Assert.Equal(4, all.Judgments);
        Assert.Equal(3, test.Judgments);
    }

    [Fact]
    public async Task ValidateAsync_FolderOfNoKnownFormat_SaysWhichFilesItLooksFor()
    {
        using var folder = new TemporaryDataset().With("notes.txt", "hello");
        var importer = new DatasetImporter(new NoDatabase(), new DatasetImportLimits());

        var failure = await Assert.ThrowsAsync<DatasetImportException>(
            () => importer.ValidateAsync(new DatasetImportRequest(folder.Path), TestContext.Current.CancellationToken));

        var error = Assert.Single(failure.Errors);
        Assert.Equal(
            "format: cannot tell the format: expected qrels/<split>.tsv (BEIR), judgments.jsonl (JSONL), judgments.csv (CSV) or qrels.txt (TREC); or name it with --format beir|trec|jsonl|csv",
            $"{error.Field}: {error.Message}");
    }

    [Fact]
    public async Task ValidateAsync_MoreProblemsThanTheCap_StopsAtTheCapAndSaysSo()
    {
        var corpus = string.Concat(Enumerable.Range(1, 80).Select(i => $"{{\"_id\": \"d{i}\"}}\n"));
        using var folder = Write(Expected).With("corpus.jsonl", corpus);
        var importer = new DatasetImporter(new NoDatabase(), new DatasetImportLimits { MaxErrors = 50 });

        var failure = await Assert.ThrowsAsync<DatasetImportException>(
            () => importer.ValidateAsync(new DatasetImportRequest(folder.Path), TestContext.Current.CancellationToken));

        Assert.Equal(50, failure.Errors.Count);
        Assert.True(failure.Truncated);
        Assert.Equal(50, failure.Errors[^1].Line);
    }

    /// <summary>Documents d1 (with title), d2 (text with CRLF), d3 (empty text); queries q1, q2; judgments graded 2, 1 and 0.</summary>
    private static TemporaryDataset Write(string format)
    {
        var folder = new TemporaryDataset();
        const string Corpus = "{\"_id\": \"d1\", \"title\": \"Wings\", \"text\": \"lift, drag\"}\n{\"_id\": \"d2\", \"text\": \"line one\\r\\nline two\"}\n{\"_id\": \"d3\", \"text\": \"\"}\n";
        const string Queries = "{\"_id\": \"q1\", \"text\": \"how do wings lift\"}\n{\"_id\": \"q2\", \"text\": \"two lines\"}\n";
        switch (format)
        {
            case "BEIR" or "BEIR zip" or "BEIR gz":
                folder.With(format == "BEIR gz" ? "corpus.jsonl.gz" : "corpus.jsonl", format == "BEIR gz" ? Gzip(Corpus) : System.Text.Encoding.UTF8.GetBytes(Corpus))
                    .With("queries.jsonl", Queries)
                    .With("qrels/test.tsv", "query-id\tcorpus-id\tscore\r\nq1\td1\t2\r\nq1\td3\t0\r\nq2\td2\t1\r\n");
                if (format == "BEIR zip")
                {
                    Zip(folder);
                }

                break;
            case "JSONL":
                folder.With("documents.jsonl", Corpus.Replace("\"_id\"", "\"id\"", StringComparison.Ordinal))
                    .With("queries.jsonl", Queries)
                    .With("judgments.jsonl", "{\"query_id\": \"q2\", \"doc_id\": \"d2\", \"grade\": 1}\n{\"query_id\": \"q1\", \"doc_id\": \"d1\", \"grade\": \"2\", \"split\": \"test\"}\n{\"query_id\": \"q1\", \"doc_id\": \"d3\", \"grade\": 0}\n");
                break;
            case "CSV":
                folder.With("documents.csv", "id,title,text\nd3,,\nd1,Wings,\"lift, drag\"\nd2,,\"line one\r\nline two\"\n")
                    .With("queries.csv", "id,text\nq1,how do wings lift\nq2,two lines\n")
                    .With("judgments.csv", "query_id,doc_id,grade,split\nq1,d1,2,test\nq1,d3,0,\nq2,d2,1,test\n");
                break;
            case "TREC SGML topics" or "TREC TSV topics":
                folder.With("documents.jsonl", Corpus)
                    .With(format == "TREC SGML topics" ? "topics.txt" : "topics.tsv", format == "TREC SGML topics"
                        ? "<top>\n<num> Number: q1\n<title> how do wings lift\n<desc> Description:\nAbout lift.\n</top>\n\n<top>\n<num> Number: q2\n<title> two lines\n</top>\n"
                        : "q2\ttwo lines\nq1\thow do wings lift\n")
                    .With("qrels.txt", "q1 0 d1 2\nq1 0 d3 0\nq2\t0\td2\t1\n");
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(format), format, null);
        }

        return folder;
    }

    private static void Zip(TemporaryDataset folder)
    {
        // As BEIR ships them: everything under one top folder inside the zip.
        var zipPath = Path.Combine(Path.GetTempPath(), $"{Guid.NewGuid():N}.zip");
        using (var zip = ZipFile.Open(zipPath, ZipArchiveMode.Create))
        {
            foreach (var file in Directory.EnumerateFiles(folder.Path, "*", SearchOption.AllDirectories))
            {
                zip.CreateEntryFromFile(file, "mydataset/" + Path.GetRelativePath(folder.Path, file).Replace('\\', '/'));
                File.Delete(file);
            }

            zip.CreateEntry("__MACOSX/mydataset/._corpus.jsonl");
        }

        Directory.Delete(Path.Combine(folder.Path, "qrels"));
        File.Move(zipPath, Path.Combine(folder.Path, "dataset.zip"));
    }

    private static byte[] Gzip(string text)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Optimal))
        {
            gzip.Write(System.Text.Encoding.UTF8.GetBytes(text));
        }

        return buffer.ToArray();
    }
}
