using AbStudio.Domain.Chunking;
using AbStudio.Domain.Collections;
using AbStudio.Domain.Collections.Building;
using AbStudio.Domain.Collections.Storage;
using AbStudio.Domain.Embeddings.Hashing;
using Microsoft.Extensions.AI;

namespace AbStudio.Tests.Domain.Collections.Building;

public sealed class VectorCollectionBuilderTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("abstudio-collections-").FullName;
    private readonly List<Chunk> _chunks = [.. Enumerable.Range(0, 50).Select(i => new Chunk($"d{i % 20}", i, 0, 10, $"passage {i} about topic {i % 7} and {i % 3}"))];
    private readonly CollectionSpecification _specification = new("hash", new ChunkingSettings(), "hashing", "hashing:unigrams+bigrams", "fnv1a64-signed-v1", 64, true, null, "flat");

    [Fact]
    public async Task BuildAsync_InterruptedThenResumed_GivesTheSameFileAsAnUninterruptedBuild()
    {
        using var uninterruptedStore = new FlatFileVectorStore(Path.Combine(_directory, "a"));
        using var resumedStore = new FlatFileVectorStore(Path.Combine(_directory, "b"));
        var uninterrupted = await new VectorCollectionBuilder(uninterruptedStore, batchSize: 8)
            .BuildAsync(_specification, _chunks, new FeatureHashingEmbeddingGenerator(64), reuseExisting: false, null, TestContext.Current.CancellationToken);

        using var stopAfterThreeBatches = new StopAfter(new FeatureHashingEmbeddingGenerator(64), calls: 3);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new VectorCollectionBuilder(resumedStore, batchSize: 8)
            .BuildAsync(_specification, _chunks, stopAfterThreeBatches, reuseExisting: false, null, TestContext.Current.CancellationToken));
        var messages = new List<string>();
        var resumed = await new VectorCollectionBuilder(resumedStore, batchSize: 8)
            .BuildAsync(_specification, _chunks, new FeatureHashingEmbeddingGenerator(64), reuseExisting: true, new SynchronousProgress(messages), TestContext.Current.CancellationToken);

        Assert.Contains(messages, m => m.Contains("resuming at chunk 24 of 50", StringComparison.Ordinal));
        Assert.Equal(
            await File.ReadAllBytesAsync(Path.Combine(_directory, "a", uninterrupted.Fingerprint, VectorFileFormat.FileName), TestContext.Current.CancellationToken),
            await File.ReadAllBytesAsync(Path.Combine(_directory, "b", resumed.Fingerprint, VectorFileFormat.FileName), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task BuildAsync_CompleteCollectionAndReuseAsked_DoesNotEmbedAgain()
    {
        using var store = new FlatFileVectorStore(_directory);
        var builder = new VectorCollectionBuilder(store, batchSize: 16);
        var first = await builder.BuildAsync(_specification, _chunks, new FeatureHashingEmbeddingGenerator(64), true, null, TestContext.Current.CancellationToken);
        using var failing = new StopAfter(new FeatureHashingEmbeddingGenerator(64), calls: 0);

        var second = await builder.BuildAsync(_specification, _chunks, failing, reuseExisting: true, null, TestContext.Current.CancellationToken);

        Assert.False(first.Reused);
        Assert.True(second.Reused);
        Assert.Equal(first.Fingerprint, second.Fingerprint);
        Assert.Equal(first.DocumentOfChunk, second.DocumentOfChunk);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>Passes calls through until the allowed number is used up, then cancels: a host dying mid-build.</summary>
    private sealed class StopAfter(IEmbeddingGenerator<string, Embedding<float>> inner, int calls) : IEmbeddingGenerator<string, Embedding<float>>
    {
        private int _remaining = calls;

        public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default) =>
            _remaining-- > 0 ? inner.GenerateAsync(values, options, cancellationToken) : throw new OperationCanceledException("stopped");

        public object? GetService(Type serviceType, object? serviceKey = null) => inner.GetService(serviceType, serviceKey);

        public void Dispose() => inner.Dispose();
    }

    private sealed class SynchronousProgress(List<string> messages) : IProgress<BuildProgress>
    {
        public void Report(BuildProgress value) => messages.Add(value.Message);
    }
}
