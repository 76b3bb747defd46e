using System.Diagnostics;
using AbStudio.Domain.Collections.Storage;
using AbStudio.Domain.Retrieval.Vector;

namespace AbStudio.Bench;

/// <summary>
/// Wall-clock timings of <see cref="PgvectorVectorStore"/> on the exact-search benchmark's data
/// (100,000 × 384 unit vectors): appending in batches, then exact top-10 for 100 queries in one call.
/// A Stopwatch rather than BenchmarkDotNet: one append of 100,000 rows is the measurement, and
/// repeating it dozens of times would take longer than it tells. Run: <c>pgvector CONNECTION [flat|hnsw] [ROWS_PER_BATCH]</c>.
/// </summary>
internal static class PgvectorTimings
{
    private const int QueryCount = 100;
    private const int K = 10;

    public static async Task RunAsync(string connectionString, string indexKind, int batchRows)
    {
        const int dimensions = ExactSearchBenchmarks.Dimensions;
        var corpus = UnitVectors.Generate(ExactSearchBenchmarks.CorpusSize, dimensions, ExactSearchBenchmarks.CorpusSeed);
        var queries = UnitVectors.Generate(QueryCount, dimensions, ExactSearchBenchmarks.QuerySeed);
        await using var dataSource = PgvectorVectorStore.BuildDataSource(connectionString);
        var store = new PgvectorVectorStore(dataSource);
        var fingerprint = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        try
        {
            await store.CreateAsync(fingerprint, dimensions, indexKind);
            var appending = Stopwatch.GetTimestamp();
            for (var row = 0; row < ExactSearchBenchmarks.CorpusSize; row += batchRows)
            {
                var count = Math.Min(batchRows, ExactSearchBenchmarks.CorpusSize - row);
                await store.AppendAsync(fingerprint, corpus.AsMemory(row * dimensions, count * dimensions), dimensions);
            }

            Report($"append {ExactSearchBenchmarks.CorpusSize:N0} rows in batches of {batchRows:N0}", Stopwatch.GetElapsedTime(appending), ExactSearchBenchmarks.CorpusSize, "rows");

            var completing = Stopwatch.GetTimestamp();
            await store.CompleteAsync(fingerprint);
            Report($"complete ({indexKind})", Stopwatch.GetElapsedTime(completing), 0, "");

            var exact = ExactVectorSearch.Search(corpus, dimensions, queries, K);
            for (var run = 1; run <= 3; run++)
            {
                var searching = Stopwatch.GetTimestamp();
                var results = await store.SearchAsync(fingerprint, queries, dimensions, K);
                var elapsed = Stopwatch.GetElapsedTime(searching);
                var same = 0;
                for (var q = 0; q < QueryCount; q++)
                {
                    same += results[q].Select(h => h.Index).Intersect(exact[q].Select(h => h.Index)).Count();
                }

                Report($"search {QueryCount} queries, top {K}, run {run} (recall vs ExactVectorSearch {same / (double)(QueryCount * K):P1})", elapsed, QueryCount, "queries");
            }
        }
        finally
        {
            await store.DeleteAsync(fingerprint);
        }
    }

    private static void Report(string what, TimeSpan elapsed, int items, string unit) =>
        Console.WriteLine(items == 0
            ? $"{what}: {elapsed.TotalSeconds:F2} s"
            : $"{what}: {elapsed.TotalSeconds:F2} s ({items / elapsed.TotalSeconds:N0} {unit}/s)");
}
