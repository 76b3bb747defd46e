using System.Numerics.Tensors;

namespace AbStudio.Domain.Retrieval.Vector;

/// <summary>
/// Exact inner-product search (cosine, since stored and query vectors are L2-normalised) over a
/// row-major matrix, for a batch of queries at once. Rows are visited in blocks that stay in the
/// CPU cache while every query of a worker's share is scored against them; dot products use
/// a 4 × 4 register-blocked AVX-512 kernel (<see cref="DotProductTile"/>) where the CPU has it,
/// <see cref="TensorPrimitives"/> otherwise; each query keeps its top k in a bounded heap.
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

    private static void ScoreOneByOne(ReadOnlySpan<float> vector, ReadOnlySpan<float> matrix, int dimensions, int rowStart, int rowEnd, TopKCollector collector, int k)
    {
        for (var row = rowStart; row < rowEnd; row++)
        {
            Offer(collector, row, TensorPrimitives.Dot(vector, matrix.Slice(row * dimensions, dimensions)), k);
        }
    }

    // Rows arrive in increasing order, so a score equal to the threshold would lose its tie anyway.
    private static void Offer(TopKCollector collector, int row, float score, int k)
    {
        if (score > collector.Threshold || collector.Count < k)
        {
            collector.Offer(row, score);
        }
    }

    private static void SearchRange(ReadOnlySpan<float> matrix, ReadOnlySpan<float> queries, int dimensions, int first, int last, int k, ScoredHit[][] results)
    {
        var rows = matrix.Length / dimensions;
        var collectors = new TopKCollector[last - first];
        for (var i = 0; i < collectors.Length; i++)
        {
            collectors[i] = new TopKCollector(Math.Max(1, Math.Min(k, rows)));
        }

        Span<float> tile = stackalloc float[DotProductTile.Size * DotProductTile.Size];
        for (var blockStart = 0; blockStart < rows; blockStart += RowBlock)
        {
            var blockEnd = Math.Min(rows, blockStart + RowBlock);
            var query = first;
            if (DotProductTile.IsSupported)
            {
                // Whole tiles of 4 queries × 4 rows through the register-blocked kernel.
                var tiledRowsEnd = blockStart + ((blockEnd - blockStart) / DotProductTile.Size * DotProductTile.Size);
                for (; query + DotProductTile.Size <= last; query += DotProductTile.Size)
                {
                    var queryTile = queries.Slice(query * dimensions, DotProductTile.Size * dimensions);
                    for (var row = blockStart; row < tiledRowsEnd; row += DotProductTile.Size)
                    {
                        DotProductTile.Compute(queryTile, matrix.Slice(row * dimensions, DotProductTile.Size * dimensions), dimensions, tile);
                        for (var qi = 0; qi < DotProductTile.Size; qi++)
                        {
                            var collector = collectors[query - first + qi];
                            for (var ri = 0; ri < DotProductTile.Size; ri++)
                            {
                                Offer(collector, row + ri, tile[(qi * DotProductTile.Size) + ri], k);
                            }
                        }
                    }

                    for (var qi = 0; qi < DotProductTile.Size; qi++)
                    {
                        ScoreOneByOne(queries.Slice((query + qi) * dimensions, dimensions), matrix, dimensions, tiledRowsEnd, blockEnd, collectors[query - first + qi], k);
                    }
                }
            }

            // Queries left over from the tiles (or every query, without AVX-512).
            for (; query < last; query++)
            {
                ScoreOneByOne(queries.Slice(query * dimensions, dimensions), matrix, dimensions, blockStart, blockEnd, collectors[query - first], k);
            }
        }

        for (var i = 0; i < collectors.Length; i++)
        {
            results[first + i] = rows == 0 ? [] : collectors[i].ToSortedArray();
        }
    }
}
