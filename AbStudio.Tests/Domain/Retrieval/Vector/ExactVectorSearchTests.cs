using AbStudio.Domain.Retrieval;
using AbStudio.Domain.Retrieval.Vector;

namespace AbStudio.Tests.Domain.Retrieval.Vector;

public sealed class ExactVectorSearchTests
{
    // 37 dimensions, 1,003 rows and 25 queries exercise the 4 × 4 tiles and every remainder path.
    [Theory]
    [InlineData(37)]
    [InlineData(384)]
    public void Search_RandomUnitVectors_MatchesBruteForceTopK(int dimensions)
    {
        var random = new Random(3);
        var matrix = UnitVectors(random, 1003, dimensions);
        var queries = UnitVectors(random, 25, dimensions);

        var results = ExactVectorSearch.Search(matrix, dimensions, queries, 10);

        for (var q = 0; q < 25; q++)
        {
            var expected = Enumerable.Range(0, 1003)
                .Select(row => (Row: row, Score: Dot(queries, q, matrix, row, dimensions)))
                .OrderByDescending(h => h.Score).ThenBy(h => h.Row).Take(10).Select(h => h.Row);
            Assert.Equal(expected, results[q].Select(h => h.Index));
        }
    }

    [Fact]
    public void Search_EqualScores_PrefersLowerRows()
    {
        float[] matrix = [1, 0, 1, 0, 0, 1, 1, 0];

        var results = ExactVectorSearch.Search(matrix, 2, [1, 0], 2);

        Assert.Equal([new ScoredHit(0, 1), new ScoredHit(1, 1)], results[0]);
    }

    [Fact]
    public void Search_FewerRowsThanK_ReturnsAllRows()
    {
        var results = ExactVectorSearch.Search([1, 0, 0, 1], 2, [0.6f, 0.8f], 10);

        Assert.Equal([1, 0], results[0].Select(h => h.Index));
    }

    [Fact]
    public void Search_EmptyMatrix_ReturnsEmptyListsPerQuery()
    {
        var results = ExactVectorSearch.Search([], 2, [1, 0, 0, 1], 5);

        Assert.Equal(2, results.Length);
        Assert.All(results, Assert.Empty);
    }

    private static float[] UnitVectors(Random random, int count, int dimensions)
    {
        var values = new float[count * dimensions];
        for (var row = 0; row < count; row++)
        {
            var norm = 0.0;
            for (var d = 0; d < dimensions; d++)
            {
                var value = (float)((random.NextDouble() * 2) - 1);
                values[(row * dimensions) + d] = value;
                norm += value * value;
            }

            for (var d = 0; d < dimensions; d++)
            {
                values[(row * dimensions) + d] /= (float)Math.Sqrt(norm);
            }
        }

        return values;
    }

    private static float Dot(float[] queries, int query, float[] matrix, int row, int dimensions) =>
        System.Numerics.Tensors.TensorPrimitives.Dot(queries.AsSpan(query * dimensions, dimensions), matrix.AsSpan(row * dimensions, dimensions));
}
