using System.IO.Compression;
using System.Text.Json;
using AbStudio.Domain.Retrieval;
using AbStudio.Domain.Retrieval.Lexical;
using BenchmarkDotNet.Attributes;

namespace AbStudio.Bench;

/// <summary>
/// BM25 on SciFact (5,183 abstracts, title + text, k1 0.9, b 0.4): all 1,109 queries, top 100,
/// one at a time (the runner's path, one query's latency each) and in parallel (throughput).
/// Reads the corpus from ../shared/datasets/scifact, or ABSTUDIO_SHARED_DIR.
/// </summary>
[ShortRunJob]
[MemoryDiagnoser]
public class Bm25Benchmarks : IDisposable
{
    private readonly EnglishTextAnalyzer _analyzer = new();
    private Bm25Index _index = null!;
    private List<string> _queries = null!;

    [GlobalSetup]
    public void Setup()
    {
        var folder = Path.Combine(SharedFolder(), "datasets", "scifact");
        var texts = new List<string>();
        using (var reader = new StreamReader(new GZipStream(File.OpenRead(Path.Combine(folder, "corpus.jsonl.gz")), CompressionMode.Decompress)))
        {
            while (reader.ReadLine() is { Length: > 0 } line)
            {
                using var json = JsonDocument.Parse(line);
                texts.Add(json.RootElement.GetProperty("title").GetString() + " " + json.RootElement.GetProperty("text").GetString());
            }
        }

        _index = Bm25Index.Build(texts, _analyzer, new Bm25Parameters(0.9, 0.4));
        _queries = [.. File.ReadLines(Path.Combine(folder, "queries.jsonl")).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("text").GetString()!)];
    }

    [Benchmark]
    public int AllQueriesOneAtATime()
    {
        var hits = 0;
        foreach (var query in _queries)
        {
            hits += _index.Search(query, 100).Length;
        }

        return hits;
    }

    [Benchmark]
    public ScoredHit[][] AllQueriesInParallel() => _index.SearchMany(_queries, 100);

    public void Dispose()
    {
        _analyzer.Dispose();
        GC.SuppressFinalize(this);
    }

    private static string SharedFolder()
    {
        var configured = Environment.GetEnvironmentVariable("ABSTUDIO_SHARED_DIR");
        if (!string.IsNullOrEmpty(configured))
        {
            return configured;
        }

        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "shared");
            if (Directory.Exists(Path.Combine(candidate, "datasets")))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("No shared/datasets folder above the benchmark: set ABSTUDIO_SHARED_DIR.");
    }
}
