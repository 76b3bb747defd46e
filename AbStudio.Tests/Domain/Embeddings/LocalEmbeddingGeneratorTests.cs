using AbStudio.Domain.Embeddings;
using AbStudio.Domain.Embeddings.Hashing;
using Microsoft.Extensions.AI;

namespace AbStudio.Tests.Domain.Embeddings;

/// <summary>What every local provider does the same way: prefixes, empty texts, metadata (shown on the hashing provider).</summary>
public class LocalEmbeddingGeneratorTests
{
    private static readonly EmbeddingPrefixes QueryAndPassage = new(Query: "query: ", Document: "passage: ");

    [Theory]
    [InlineData(EmbeddingPurpose.Query, "query: ")]
    [InlineData(EmbeddingPurpose.Document, "passage: ")]
    public async Task GenerateAsync_WithPurpose_AppliesThatPrefix(EmbeddingPurpose purpose, string prefix)
    {
        using var prefixed = new FeatureHashingEmbeddingGenerator(prefixes: QueryAndPassage);
        using var plain = new FeatureHashingEmbeddingGenerator();
        var token = TestContext.Current.CancellationToken;

        var actual = await prefixed.GenerateVectorAsync("solar power", EmbeddingPurposeOptions.For(purpose), token);
        var expected = await plain.GenerateVectorAsync(prefix + "solar power", cancellationToken: token);
        var unprefixed = await plain.GenerateVectorAsync("solar power", cancellationToken: token);

        Assert.True(actual.Span.SequenceEqual(expected.Span));
        Assert.False(actual.Span.SequenceEqual(unprefixed.Span));
    }

    [Fact]
    public async Task GenerateAsync_PrefixesWithoutPurpose_ThrowsNamingTheOption()
    {
        using var generator = new FeatureHashingEmbeddingGenerator(prefixes: QueryAndPassage);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => generator.GenerateAsync(["solar power"], cancellationToken: TestContext.Current.CancellationToken));

        Assert.Contains(nameof(EmbeddingPurposeOptions), error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \t\n")]
    [InlineData("?! — 😀")]
    public async Task GenerateAsync_TextWithoutContent_ReturnsMarkedZeroVector(string text)
    {
        using var generator = new FeatureHashingEmbeddingGenerator(prefixes: QueryAndPassage);

        var embeddings = await generator.GenerateAsync([text, "real words"], EmbeddingPurposeOptions.For(EmbeddingPurpose.Document), TestContext.Current.CancellationToken);

        Assert.True(embeddings[0].IsEmpty());
        Assert.DoesNotContain(embeddings[0].Vector.ToArray(), v => v != 0f);
        Assert.False(embeddings[1].IsEmpty());
    }

    [Fact]
    public async Task GenerateAsync_Embeddings_CarryModelIdAndOneVectorPerText()
    {
        using var generator = new FeatureHashingEmbeddingGenerator();

        var embeddings = await generator.GenerateAsync(["one", "two", "three"], cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(3, embeddings.Count);
        Assert.All(embeddings, e => Assert.Equal(generator.Model.ModelId, e.ModelId));
        Assert.Same(generator.Model, generator.GetService<EmbeddingModelInfo>());
    }
}
