using System.Security.Cryptography;
using AbStudio.Domain.Collections.Storage;
using AbStudio.Domain.Retrieval;

namespace AbStudio.Tests.Domain.Collections.Storage;

/// <summary>What every <see cref="IVectorStore"/> must do; one subclass per store runs all of it.</summary>
public abstract class VectorStoreContractTests
{
    private const string Flat = VectorIndexKind.Flat;

    protected static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>A new store object over the same storage, as a restarted host would make.</summary>
    protected abstract IVectorStore CreateStore();

    /// <summary>Whether the storage behind the store still holds anything of the collection (files, tables, catalog rows).</summary>
    protected abstract Task<bool> HoldsAnythingOfAsync(string fingerprint);

    [Theory]
    [InlineData(37)]
    [InlineData(384)]
    public async Task Search_RandomUnitVectors_MatchesBruteForce(int dimensions)
    {
        const int rowCount = 450, batchSize = 64, queryCount = 20, k = 10;
        var random = new Random(dimensions);
        var rows = UnitVectors(random, rowCount, dimensions);
        var queries = UnitVectors(random, queryCount, dimensions);
        var store = CreateStore();
        var fingerprint = NewFingerprint();
        await store.CreateAsync(fingerprint, dimensions, Flat, Cancel);
        var checkpoints = new List<long>();
        for (var first = 0; first < rowCount; first += batchSize)
        {
            var count = Math.Min(batchSize, rowCount - first);
            checkpoints.Add(await store.AppendAsync(fingerprint, rows.AsMemory(first * dimensions, count * dimensions), dimensions, Cancel));
        }

        await store.CompleteAsync(fingerprint, Cancel);

        var results = await store.SearchAsync(fingerprint, queries, dimensions, k, Cancel);

        Assert.Equal([64, 128, 192, 256, 320, 384, 448, 450], checkpoints);
        Assert.Equal(queryCount, results.Length);
        for (var q = 0; q < queryCount; q++)
        {
            var expected = BruteForce(rows, queries.AsSpan(q * dimensions, dimensions), k);
            Assert.Equal(expected.Select(h => h.Index), results[q].Select(h => h.Index));
            Assert.All(expected.Zip(results[q]), pair => Assert.Equal(pair.First.Score, pair.Second.Score, 1e-5f));
        }
    }

    [Fact]
    public async Task Truncate_ResumedBuild_MatchesAnUninterruptedBuild()
    {
        const int dimensions = 37, batchSize = 50;
        var rows = UnitVectors(new Random(5), 4 * batchSize, dimensions);
        var queries = UnitVectors(new Random(6), 10, dimensions);
        var store = CreateStore();
        var uninterrupted = NewFingerprint();
        await store.CreateAsync(uninterrupted, dimensions, Flat, Cancel);
        for (var batch = 0; batch < 4; batch++)
        {
            await store.AppendAsync(uninterrupted, Batch(rows, batch, batchSize, dimensions), dimensions, Cancel);
        }

        await store.CompleteAsync(uninterrupted, Cancel);
        var resumed = NewFingerprint();
        await store.CreateAsync(resumed, dimensions, Flat, Cancel);
        for (var batch = 0; batch < 3; batch++)
        {
            await store.AppendAsync(resumed, Batch(rows, batch, batchSize, dimensions), dimensions, Cancel);
        }

        // The host died after storing the third batch but before recording its checkpoint (two batches).
        var restarted = CreateStore();
        await restarted.CreateAsync(resumed, dimensions, Flat, Cancel);
        var storedBeforeTruncate = await restarted.RowsStoredAsync(resumed, Cancel);
        await restarted.TruncateAsync(resumed, 2 * batchSize, Cancel);
        var storedAfterTruncate = await restarted.RowsStoredAsync(resumed, Cancel);
        for (var batch = 2; batch < 4; batch++)
        {
            await restarted.AppendAsync(resumed, Batch(rows, batch, batchSize, dimensions), dimensions, Cancel);
        }

        await restarted.CompleteAsync(resumed, Cancel);

        Assert.Equal(3 * batchSize, storedBeforeTruncate);
        Assert.Equal(2 * batchSize, storedAfterTruncate);
        Assert.Equal(4 * batchSize, await restarted.RowsStoredAsync(resumed, Cancel));
        Assert.Equal(await store.SearchAsync(uninterrupted, queries, dimensions, 10, Cancel), await restarted.SearchAsync(resumed, queries, dimensions, 10, Cancel));

        // Identical stored rows: every input row, searched for, finds its own row number first.
        var self = await restarted.SearchAsync(resumed, rows, dimensions, 1, Cancel);
        Assert.Equal(Enumerable.Range(0, 4 * batchSize), self.Select(hits => hits[0].Index));
        Assert.All(self, hits => Assert.Equal(1f, hits[0].Score, 1e-5f));
    }

    [Fact]
    public async Task Search_BeforeComplete_RefusesSayingSo()
    {
        var store = CreateStore();
        var fingerprint = NewFingerprint();
        await store.CreateAsync(fingerprint, 3, Flat, Cancel);
        await store.AppendAsync(fingerprint, new float[] { 1, 0, 0 }, 3, Cancel);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => store.SearchAsync(fingerprint, new float[] { 1, 0, 0 }, 3, 1, Cancel));

        Assert.Contains($"Collection {fingerprint} is not complete yet", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Describe_PartialThenComplete_TellsRowsCompletenessAndSize()
    {
        var rows = UnitVectors(new Random(3), 3, 4);
        var store = CreateStore();
        var fingerprint = NewFingerprint();
        var before = await store.DescribeAsync(fingerprint, Cancel);
        await store.CreateAsync(fingerprint, 4, Flat, Cancel);
        await store.AppendAsync(fingerprint, rows.AsMemory(0, 8), 4, Cancel);
        var partial = await store.DescribeAsync(fingerprint, Cancel);
        await store.AppendAsync(fingerprint, rows.AsMemory(8), 4, Cancel);
        await store.CompleteAsync(fingerprint, Cancel);

        var complete = await CreateStore().DescribeAsync(fingerprint, Cancel);

        Assert.Null(before);
        Assert.Equal((4, 2L, false), (partial!.Dimensions, partial.Rows, partial.Complete));
        Assert.Equal((4, 3L, true), (complete!.Dimensions, complete.Rows, complete.Complete));
        Assert.True(complete.SizeBytes >= 3 * 4 * sizeof(float), $"{complete.SizeBytes} bytes cannot hold 3 rows of 4 floats");
    }

    [Fact]
    public async Task Delete_CompleteCollection_RemovesEverythingAndASecondDeleteIsHarmless()
    {
        var store = CreateStore();
        var fingerprint = NewFingerprint();
        await store.CreateAsync(fingerprint, 2, Flat, Cancel);
        await store.AppendAsync(fingerprint, new float[] { 1, 0, 0, 1 }, 2, Cancel);
        await store.CompleteAsync(fingerprint, Cancel);
        var heldBefore = await HoldsAnythingOfAsync(fingerprint);

        await store.DeleteAsync(fingerprint, Cancel);
        await store.DeleteAsync(fingerprint, Cancel);

        Assert.True(heldBefore);
        Assert.False(await HoldsAnythingOfAsync(fingerprint));
        Assert.Equal(0, await store.RowsStoredAsync(fingerprint, Cancel));
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => store.SearchAsync(fingerprint, new float[] { 1, 0 }, 2, 1, Cancel));
        Assert.Contains($"has no collection {fingerprint}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_DeletedAndBuiltAgain_SeesTheNewRows()
    {
        var store = CreateStore();
        var fingerprint = await CompleteCollectionAsync([1, 0, 0, 1], 2);
        var first = await store.SearchAsync(fingerprint, new float[] { 1, 0 }, 2, 1, Cancel);
        await store.DeleteAsync(fingerprint, Cancel);
        await store.CreateAsync(fingerprint, 2, Flat, Cancel);
        await store.AppendAsync(fingerprint, new float[] { 0, 1, 1, 0, 1, 0 }, 2, Cancel);
        await store.CompleteAsync(fingerprint, Cancel);

        var second = await store.SearchAsync(fingerprint, new float[] { 1, 0 }, 2, 3, Cancel);

        Assert.Equal([new ScoredHit(0, 1)], first[0]);
        Assert.Equal([new ScoredHit(1, 1), new ScoredHit(2, 1), new ScoredHit(0, 0)], second[0]);
    }

    [Fact]
    public async Task Search_DeletedByAnotherHost_RefusesSayingSo()
    {
        var searcher = CreateStore();
        var fingerprint = await CompleteCollectionAsync([1, 0, 0, 1], 2);
        await searcher.SearchAsync(fingerprint, new float[] { 1, 0 }, 2, 1, Cancel);

        await CreateStore().DeleteAsync(fingerprint, Cancel);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => searcher.SearchAsync(fingerprint, new float[] { 1, 0 }, 2, 1, Cancel));
        Assert.Contains($"has no collection {fingerprint}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_TwoCollections_EachSeesOnlyItsOwnRows()
    {
        var store = CreateStore();
        var first = NewFingerprint();
        var second = NewFingerprint();
        await store.CreateAsync(first, 3, Flat, Cancel);
        await store.CreateAsync(second, 3, Flat, Cancel);
        await store.AppendAsync(first, new float[] { 1, 0, 0 }, 3, Cancel);
        await store.AppendAsync(second, new float[] { 0, 0, 1, 0, 0, 1 }, 3, Cancel);
        await store.AppendAsync(first, new float[] { 0, 1, 0 }, 3, Cancel);
        await store.AppendAsync(second, new float[] { 0, 0, 1 }, 3, Cancel);
        await store.CompleteAsync(first, Cancel);
        await store.CompleteAsync(second, Cancel);

        var inFirst = await store.SearchAsync(first, new float[] { 0, 0, 1 }, 3, 10, Cancel);
        var inSecond = await store.SearchAsync(second, new float[] { 0, 0, 1 }, 3, 10, Cancel);

        Assert.Equal([new ScoredHit(0, 0), new ScoredHit(1, 0)], inFirst[0]);
        Assert.Equal([new ScoredHit(0, 1), new ScoredHit(1, 1), new ScoredHit(2, 1)], inSecond[0]);
        Assert.Equal(2, await store.RowsStoredAsync(first, Cancel));
        Assert.Equal(3, await store.RowsStoredAsync(second, Cancel));
    }

    [Fact]
    public async Task Append_OtherDimensions_FailsNamingBoth()
    {
        var store = CreateStore();
        var fingerprint = NewFingerprint();
        await store.CreateAsync(fingerprint, 4, Flat, Cancel);

        // 12 floats are 4 rows of 3 or 3 rows of 4: only the width the caller states tells which.
        var error = await Assert.ThrowsAsync<ArgumentException>(() => store.AppendAsync(fingerprint, new float[12], 3, Cancel));

        Assert.Contains("holds vectors of 4 dimensions; got vectors of 3", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, await store.RowsStoredAsync(fingerprint, Cancel));
    }

    [Fact]
    public async Task Append_PartialRow_FailsSayingRowsMustBeWhole()
    {
        var store = CreateStore();
        var fingerprint = NewFingerprint();
        await store.CreateAsync(fingerprint, 4, Flat, Cancel);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => store.AppendAsync(fingerprint, new float[6], 4, Cancel));

        Assert.Contains("whole rows of 4 floats; got 6", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, await store.RowsStoredAsync(fingerprint, Cancel));
    }

    [Fact]
    public async Task Search_OtherDimensions_FailsNamingBoth()
    {
        var fingerprint = await CompleteCollectionAsync([1, 0, 0, 1], 2);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => CreateStore().SearchAsync(fingerprint, new float[] { 1, 0, 0, 0 }, 4, 1, Cancel));

        Assert.Contains("holds vectors of 2 dimensions; got vectors of 4", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_EqualScores_PrefersLowerRows()
    {
        // Row 0 is [0, 1], rows 1 to 10 are [1, 0]. Ten equal rows, not two: PostgreSQL's bounded
        // top-k sort reorders equal keys once there are a few more rows than k.
        float[] rows = [0, 1, .. Enumerable.Repeat<float[]>([1, 0], 10).SelectMany(row => row)];
        var fingerprint = await CompleteCollectionAsync(rows, 2);

        var results = await CreateStore().SearchAsync(fingerprint, new float[] { 1, 0, 0, 1 }, 2, 3, Cancel);

        Assert.Equal([new ScoredHit(1, 1), new ScoredHit(2, 1), new ScoredHit(3, 1)], results[0]);
        Assert.Equal([new ScoredHit(0, 1), new ScoredHit(1, 0), new ScoredHit(2, 0)], results[1]);
    }

    [Fact]
    public async Task Complete_Twice_IsHarmlessAndWritingAfterwardsIsRefused()
    {
        var fingerprint = await CompleteCollectionAsync([1, 0], 2);
        var store = CreateStore();

        await store.CompleteAsync(fingerprint, Cancel);
        var append = await Assert.ThrowsAsync<InvalidOperationException>(() => store.AppendAsync(fingerprint, new float[] { 0, 1 }, 2, Cancel));
        var create = await Assert.ThrowsAsync<InvalidOperationException>(() => store.CreateAsync(fingerprint, 2, Flat, Cancel));

        Assert.Contains("delete it to build it again", append.Message, StringComparison.Ordinal);
        Assert.Contains("delete it to build it again", create.Message, StringComparison.Ordinal);
        Assert.Equal([new ScoredHit(0, 1)], (await store.SearchAsync(fingerprint, new float[] { 1, 0 }, 2, 5, Cancel))[0]);
    }

    [Fact]
    public async Task Truncate_PastTheRowsStored_IsRefused()
    {
        var store = CreateStore();
        var fingerprint = NewFingerprint();
        await store.CreateAsync(fingerprint, 2, Flat, Cancel);
        await store.AppendAsync(fingerprint, new float[] { 1, 0 }, 2, Cancel);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => store.TruncateAsync(fingerprint, 2, Cancel));

        Assert.Contains("to 2 rows: it holds only 1", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, await store.RowsStoredAsync(fingerprint, Cancel));
    }

    [Theory]
    [InlineData("../../etc")]
    [InlineData("0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF")]
    [InlineData("00000000000000000000000000000000'; DROP TABLE vectors.collections; --")]
    public async Task Create_NotAFingerprint_IsRejected(string fingerprint)
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => CreateStore().CreateAsync(fingerprint, 2, Flat, Cancel));

        Assert.Contains("is not a collection fingerprint", error.Message, StringComparison.Ordinal);
    }

    protected static string NewFingerprint() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    /// <summary>Random vectors, uniform per component in [-1, 1), scaled to unit length.</summary>
    protected static float[] UnitVectors(Random random, int count, int dimensions)
    {
        var values = new float[count * dimensions];
        for (var row = 0; row < count; row++)
        {
            var vector = values.AsSpan(row * dimensions, dimensions);
            for (var d = 0; d < dimensions; d++)
            {
                vector[d] = (float)((random.NextDouble() * 2) - 1);
            }

            System.Numerics.Tensors.TensorPrimitives.Divide(vector, System.Numerics.Tensors.TensorPrimitives.Norm(vector), vector);
        }

        return values;
    }

    /// <summary>The k best rows by inner product, summed in double: independent of either store's arithmetic.</summary>
    protected static ScoredHit[] BruteForce(float[] rows, ReadOnlySpan<float> query, int k)
    {
        var dimensions = query.Length;
        var scores = new (int Row, double Score)[rows.Length / dimensions];
        for (var row = 0; row < scores.Length; row++)
        {
            var sum = 0.0;
            for (var d = 0; d < dimensions; d++)
            {
                sum += (double)rows[(row * dimensions) + d] * query[d];
            }

            scores[row] = (row, sum);
        }

        return [.. scores.OrderByDescending(s => s.Score).ThenBy(s => s.Row).Take(k).Select(s => new ScoredHit(s.Row, (float)s.Score))];
    }

    private static ReadOnlyMemory<float> Batch(float[] rows, int batch, int batchSize, int dimensions) =>
        rows.AsMemory(batch * batchSize * dimensions, batchSize * dimensions);

    private async Task<string> CompleteCollectionAsync(float[] rows, int dimensions)
    {
        var store = CreateStore();
        var fingerprint = NewFingerprint();
        await store.CreateAsync(fingerprint, dimensions, Flat, Cancel);
        await store.AppendAsync(fingerprint, rows, dimensions, Cancel);
        await store.CompleteAsync(fingerprint, Cancel);
        return fingerprint;
    }
}
