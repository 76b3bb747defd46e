using System.Numerics.Tensors;

namespace AbStudio.Domain.Retrieval.Vector;

/// <summary>
/// Exact inner-product search (cosine, since stored and query vectors are L2-normalised) over a
/// row-major matrix, for a batch of queries at once. Rows are visited in blocks that stay in the
/// CPU cache while every query of a worker's share is scored against them; dot products use
/// <see cref="TensorPrimitives"/> (SIMD); each query keeps its top k in a bounded heap.
/// </summary>
public static class ExactVectorSearch
{
    /// <summary>Rows per block: 256 rows of 384 floats is 384 KB, about one core's L2 cache.</summary>
    private const int RowBlock = 256;

    public static ScoredHit[][] Search(ReadOnlySpan<float> matrix, int dimensions, ReadOnlySpan<float> queries, int k)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimensions);
        if (matrix.Length % dimensions != 0 || queries.Length % dimensions != 0)
        {
            throw new ArgumentException($"Matrix and queries must hold whole rows of {dimensions} floats.");
        }

        var queryCount = queries.Length / dimensions;
        var results = new ScoredHit[queryCount][];
        if (queryCount == 0)
        {
            return results;
        }

        // Spans cannot cross into the parallel lambdas; each worker re-creates them from pinned memory.
        unsafe
        {
            fixed (float* matrixPointer = matrix)
            fixed (float* queryPointer = queries)
            {
                var rows = matrix.Length / dimensions;
                var workers = Math.Min(Environment.ProcessorCount, queryCount);
                var m = (nint)matrixPointer;
                var q = (nint)queryPointer;
                Parallel.For(0, workers, worker =>
                {
                    var first = (int)((long)queryCount * worker / workers);
                    var last = (int)((long)queryCount * (worker + 1) / workers);
                    SearchRange(new ReadOnlySpan<float>((float*)m, rows * dimensions), new ReadOnlySpan<float>((float*)q, queryCount * dimensions),
                        dimensions, first, last, k, results);
                });
            }
        }

        return results;
    }

    private static void SearchRange(ReadOnlySpan<float> matrix, ReadOnlySpan<float> queries, int dimensions, int first, int last, int k, ScoredHit[][] results)
    {
        var rows = matrix.Length / dimensions;
        var collectors = new TopKCollector[last - first];
        for (var i = 0; i < collectors.Length; i++)
        {
            collectors[i] = new TopKCollector(Math.Max(1, Math.Min(k, rows)));
        }

        for (var blockStart = 0; blockStart < rows; blockStart += RowBlock)
        {
            var blockEnd = Math.Min(rows, blockStart + RowBlock);
            for (var query = first; query < last; query++)
            {
                var vector = queries.Slice(query * dimensions, dimensions);
                var collector = collectors[query - first];
                for (var row = blockStart; row < blockEnd; row++)
                {
                    var score = TensorPrimitives.Dot(vector, matrix.Slice(row * dimensions, dimensions));
                    if (score > collector.Threshold || collector.Count < k)
                    {
                        collector.Offer(row, score);
                    }
                }
            }
        }

        for (var i = 0; i < collectors.Length; i++)
        {
            results[first + i] = rows == 0 ? [] : collectors[i].ToSortedArray();
        }
    }
}
