using System.Diagnostics;
using System.IO.Compression;
using AbStudio.Domain.Datasets.Import;
using AbStudio.Tests.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AbStudio.Tests.Domain.Datasets.Import;

/// <summary>
/// The three shared datasets import with their READMEs' counts and a pinned content hash, which
/// re-import and line shuffling leave unchanged. Pinned, because collection fingerprints build on it:
/// a change to the canonical form must be deliberate (and change the version in DatasetContentHash).
/// The pinned values agree with scripts/dataset-content-hash.py, written from docs/datasets.md alone.
/// </summary>
public sealed class SharedDatasetImportTests(SqliteDatabaseFixture database, ITestOutputHelper output)
    : IClassFixture<SqliteDatabaseFixture>
{
    public static TheoryData<string, int, int, int, string> Datasets => new()
    {
        { "scifact", 5_183, 1_109, 339 + 919, "9d82564b439c79a72c11d32dd926361a50365ff72c883020b23e5007f461f22f" },
        { "cranfield", 1_400, 225, 1_837, "9d5c73df0f21954116c9487bf3761cecb710b5ed35ef8007057695edf2033bc4" },
        { "vaswani-npl", 11_429, 93, 2_083, "7202985fa5395a72f32c3de7eda5bc27074f880b893ccea78eda56036652dd4b" },
    };

    [Theory]
    [MemberData(nameof(Datasets))]
    public async Task ImportAsync_SharedDataset_StoresReadmeCountsAndPinnedHash(string name, int documents, int queries, int judgments, string hash)
    {
        var importer = new DatasetImporter(new FixtureContextFactory(database), new DatasetImportLimits());
        var clock = Stopwatch.StartNew();

        var result = await importer.ImportAsync(new DatasetImportRequest(Path.Combine(SharedData.Datasets, name)), TestContext.Current.CancellationToken);

        output.WriteLine($"{name}: imported into SQLite in {clock.Elapsed.TotalSeconds:F2} s, hash {result.ContentHash}");
        Assert.Equal((documents, queries, judgments), (result.Documents, result.Queries, result.Judgments));
        Assert.Equal(hash, result.ContentHash);
        await using var db = database.CreateContext();
        var ct = TestContext.Current.CancellationToken;
        Assert.Equal(documents, await db.Documents.CountAsync(d => d.DatasetId == result.DatasetId, ct));
        Assert.Equal(queries, await db.Queries.CountAsync(q => q.DatasetId == result.DatasetId, ct));
        Assert.Equal(judgments, await db.Judgments.CountAsync(j => j.DatasetId == result.DatasetId, ct));
        Assert.Equal(hash, (await db.Datasets.SingleAsync(d => d.Id == result.DatasetId, ct)).ContentHash);
    }

    [Theory]
    [MemberData(nameof(Datasets))]
    public async Task ValidateAsync_ShuffledLinesAndCrLf_GivesTheSameHash(string name, int documents, int queries, int judgments, string hash)
    {
        using var shuffled = ShuffledCopy(Path.Combine(SharedData.Datasets, name), seed: name.Length);
        var importer = new DatasetImporter(new NoDatabase(), new DatasetImportLimits());

        var result = await importer.ValidateAsync(new DatasetImportRequest(shuffled.Path), TestContext.Current.CancellationToken);

        Assert.Equal((documents, queries, judgments), (result.Documents, result.Queries, result.Judgments));
        Assert.Equal(hash, result.ContentHash);
    }

    [Fact]
    public async Task ImportAsync_SameDatasetTwice_GivesTheSameHashAndTwoDatasets()
    {
        var importer = new DatasetImporter(new FixtureContextFactory(database), new DatasetImportLimits());
        var path = Path.Combine(SharedData.Datasets, "cranfield");

        var first = await importer.ImportAsync(new DatasetImportRequest(path, Name: "first"), TestContext.Current.CancellationToken);
        var second = await importer.ImportAsync(new DatasetImportRequest(path, Name: "second"), TestContext.Current.CancellationToken);

        Assert.Equal(first.ContentHash, second.ContentHash);
        Assert.NotEqual(first.DatasetId, second.DatasetId);
    }

    /// <summary>Every line-based file with its lines in a seeded random order (a header stays first) and CRLF endings.</summary>
    private static TemporaryDataset ShuffledCopy(string source, int seed)
    {
        var random = new Random(seed);
        var copy = new TemporaryDataset();
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(source, file);
            if (relative.EndsWith(".md", StringComparison.Ordinal))
            {
                continue;
            }

            var lines = ReadLines(file);
            var header = relative.StartsWith("qrels", StringComparison.Ordinal) ? lines[..1] : [];
            var body = lines[header.Length..];
            random.Shuffle(body);
            var text = string.Join("\r\n", header.Concat(body)) + "\r\n";
            copy.With(relative.EndsWith(".gz", StringComparison.Ordinal) ? relative[..^3] : relative, text);
        }

        return copy;
    }

    private static string[] ReadLines(string file)
    {
        using var stream = File.OpenRead(file);
        using var decompressed = file.EndsWith(".gz", StringComparison.Ordinal) ? new GZipStream(stream, CompressionMode.Decompress) : (Stream)stream;
        using var reader = new StreamReader(decompressed);
        return reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();
    }
}
