using AbStudio.Domain.Retrieval;
using AbStudio.Domain.Retrieval.Vector;
using BenchmarkDotNet.Attributes;

namespace AbStudio.Bench;

/// <summary>
/// Exact top-10 search of 1,000 queries over 100,000 × 384 unit vectors, all queries in one call
/// (the runner's batch path). Queries per second = 1,000 / mean seconds. The NumPy peer on the same
/// data: bench/numpy_exact_search.py (see docs/performance.md).
/// </summary>
[ShortRunJob]
[MemoryDiagnoser]
public class ExactSearchBenchmarks
{
    public const int CorpusSize = 100_000;
    public const int QueryCount = 1_000;
    public const int Dimensions = 384;
    public const ulong CorpusSeed = 384_100_000;
    public const ulong QuerySeed = 384_001_000;

    private float[] _corpus = null!;
    private float[] _queries = null!;

    [GlobalSetup]
    public void Setup()
    {
        _corpus = UnitVectors.Generate(CorpusSize, Dimensions, CorpusSeed);
        _queries = UnitVectors.Generate(QueryCount, Dimensions, QuerySeed);
    }

    [Benchmark]
    public ScoredHit[][] Top10Of100kFor1000Queries() => ExactVectorSearch.Search(_corpus, Dimensions, _queries, 10);
}
