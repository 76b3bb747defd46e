using AbStudio.Domain.Evaluation.Statistics;

namespace AbStudio.Bench;

/// <summary>
/// Deterministic random unit vectors (SplitMix64, uniform in [-1, 1) per component, then
/// L2-normalised), so the C# benchmark and the NumPy peer search the very same data.
/// </summary>
internal static class UnitVectors
{
    public static float[] Generate(int count, int dimensions, ulong seed)
    {
        var random = new SplitMix64(seed);
        var values = new float[(long)count * dimensions];
        for (var row = 0; row < count; row++)
        {
            var span = values.AsSpan(row * dimensions, dimensions);
            for (var d = 0; d < dimensions; d++)
            {
                span[d] = (float)((random.NextDouble() * 2) - 1);
            }

            var norm = System.Numerics.Tensors.TensorPrimitives.Norm(span);
            System.Numerics.Tensors.TensorPrimitives.Divide(span, norm, span);
        }

        return values;
    }

    /// <summary>Writes the benchmark's corpus and queries as raw little-endian float32 for bench/numpy_exact_search.py.</summary>
    public static void Export(string directory)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllBytes(Path.Combine(directory, "corpus.f32"), System.Runtime.InteropServices.MemoryMarshal.AsBytes(
            Generate(ExactSearchBenchmarks.CorpusSize, ExactSearchBenchmarks.Dimensions, ExactSearchBenchmarks.CorpusSeed).AsSpan()).ToArray());
        File.WriteAllBytes(Path.Combine(directory, "queries.f32"), System.Runtime.InteropServices.MemoryMarshal.AsBytes(
            Generate(ExactSearchBenchmarks.QueryCount, ExactSearchBenchmarks.Dimensions, ExactSearchBenchmarks.QuerySeed).AsSpan()).ToArray());
        Console.WriteLine($"Wrote {ExactSearchBenchmarks.CorpusSize} corpus and {ExactSearchBenchmarks.QueryCount} query vectors of {ExactSearchBenchmarks.Dimensions} dimensions to {directory}");
    }
}
