using System.Numerics.Tensors;
using AbStudio.Domain.Embeddings;
using AbStudio.Domain.Embeddings.Hashing;
using Microsoft.Extensions.AI;

namespace AbStudio.Tests.Domain.Embeddings;

public class FeatureHashingEmbeddingGeneratorTests
{
    [Fact]
    public async Task GenerateAsync_HelloWorld_SetsThePinnedSignedSlots()
    {
        // Slots and signs computed independently (FNV-1a 64 in Python): hello → 267 (−),
        // world → 755 (+), "hello world" → 743 (+). A change here breaks every stored hashing vector.
        using var generator = new FeatureHashingEmbeddingGenerator();

        var vector = (await generator.GenerateVectorAsync("Hello, world!", cancellationToken: TestContext.Current.CancellationToken)).ToArray();

        var expected = new float[1024];
        var third = 1f / MathF.Sqrt(3f);
        (expected[267], expected[755], expected[743]) = (-third, third, third);
        Assert.Equal(expected, vector, (a, b) => Math.Abs(a - b) < 1e-6f);
    }

    [Fact]
    public async Task GenerateAsync_SameTextTwice_IdenticalAndUnitLength()
    {
        using var first = new FeatureHashingEmbeddingGenerator();
        using var second = new FeatureHashingEmbeddingGenerator();
        const string text = "Signed feature hashing of word unigrams and bigrams, 2 times.";

        var a = await first.GenerateVectorAsync(text, cancellationToken: TestContext.Current.CancellationToken);
        var b = await second.GenerateVectorAsync(text, cancellationToken: TestContext.Current.CancellationToken);

        Assert.True(a.Span.SequenceEqual(b.Span));
        Assert.Equal(1f, TensorPrimitives.Norm(a.Span), 5);
    }

    [Fact]
    public async Task GenerateAsync_SwappedWordsWithBigrams_DifferButUnigramsOnlyAgree()
    {
        using var bigrams = new FeatureHashingEmbeddingGenerator();
        using var unigrams = new FeatureHashingEmbeddingGenerator(bigrams: false);
        var token = TestContext.Current.CancellationToken;

        var withBigrams = await bigrams.GenerateAsync(["new york", "york new"], cancellationToken: token);
        var withoutBigrams = await unigrams.GenerateAsync(["new york", "york new"], cancellationToken: token);

        Assert.False(withBigrams[0].Vector.Span.SequenceEqual(withBigrams[1].Vector.Span));
        Assert.True(withoutBigrams[0].Vector.Span.SequenceEqual(withoutBigrams[1].Vector.Span));
        Assert.NotEqual(bigrams.Model.ModelId, unigrams.Model.ModelId);
    }

    [Theory]
    [InlineData(64)]
    [InlineData(4096)]
    public async Task GenerateAsync_ConfiguredDimensions_AreHonoured(int dimensions)
    {
        using var generator = new FeatureHashingEmbeddingGenerator(dimensions);

        var vector = await generator.GenerateVectorAsync("dimension check", cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(dimensions, vector.Length);
        Assert.Equal(dimensions, generator.Model.Dimensions);
        Assert.Equal(dimensions, generator.GetService<EmbeddingGeneratorMetadata>()?.DefaultModelDimensions);
    }

    [Fact]
    public async Task GenerateAsync_OtherDimensionsRequested_Throws()
    {
        using var generator = new FeatureHashingEmbeddingGenerator(256);

        await Assert.ThrowsAsync<ArgumentException>(() => generator.GenerateAsync(["x"], new EmbeddingGenerationOptions { Dimensions = 128 }, TestContext.Current.CancellationToken));
    }

    [Fact]
    public void Model_Revision_IsTheAlgorithmVersion()
    {
        using var generator = new FeatureHashingEmbeddingGenerator();

        Assert.Equal("fnv1a64-signed-v1", generator.Model.Revision);
    }

    [Theory]
    [InlineData("", 0xcbf29ce484222325UL)]
    [InlineData("a", 0xaf63dc4c8601ec8cUL)]
    [InlineData("foobar", 0x85944171f73967e8UL)]
    public void Fnv1a64_PublishedTestVectors_Match(string text, ulong expected)
    {
        Assert.Equal(expected, Fnv1a64.Hash(text));
    }
}
