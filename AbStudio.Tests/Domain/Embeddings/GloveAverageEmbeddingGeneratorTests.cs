using AbStudio.Domain.Embeddings;
using AbStudio.Domain.Embeddings.Glove;

namespace AbStudio.Tests.Domain.Embeddings;

public class GloveAverageEmbeddingGeneratorTests
{
    private const float Tolerance = 1e-5f;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void WordsOf_ReferenceSentences_MatchWinkWordLists(bool removeStopWords)
    {
        using var generator = new GloveAverageEmbeddingGenerator(GloveReference.Vectors, removeStopWords);

        foreach (var sentence in GloveReference.Sentences)
        {
            var expected = removeStopWords ? sentence.NonStopWords : sentence.Words;
            Assert.Equal(expected, generator.WordsOf(sentence.Text));
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GenerateAsync_ReferenceSentences_MatchWinkVectors(bool removeStopWords)
    {
        using var generator = new GloveAverageEmbeddingGenerator(GloveReference.Vectors, removeStopWords);
        var sentences = GloveReference.Sentences;

        var embeddings = await generator.GenerateAsync(sentences.Select(s => s.Text), cancellationToken: TestContext.Current.CancellationToken);

        var worst = 0f;
        for (var i = 0; i < sentences.Length; i++)
        {
            var reference = removeStopWords ? sentences[i].VectorWithoutStopWords : sentences[i].Vector;
            // wink gives null for a text without words and a zero vector (l2 norm 0, its last value)
            // when no word has a vector; both are the marked zero vector here.
            var noKnownWord = reference is null || reference[100] == 0f;
            Assert.Equal(noKnownWord, embeddings[i].IsEmpty());
            if (noKnownWord)
            {
                Assert.DoesNotContain(embeddings[i].Vector.ToArray(), v => v != 0f);
                continue;
            }

            var expected = reference![..100];
            UnitVector.Normalize(expected);
            for (var d = 0; d < 100; d++)
            {
                worst = Math.Max(worst, Math.Abs(embeddings[i].Vector.Span[d] - expected[d]));
            }
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"glove-avg (stop words removed: {removeStopWords}) worst |Δ| = {worst:E3}");
        Assert.Equal(11, sentences.Length);
        Assert.True(worst <= Tolerance, $"Worst component deviation {worst:E3} exceeds {Tolerance:E0}.");
    }

    [Fact]
    public void Load_SecondTime_ReadsTheCacheWithTheSameRevision()
    {
        var first = GloveReference.Vectors;
        var cache = Path.Combine(LocalModels.Directory, GloveAverageEmbeddingGenerator.ModelName, GloveVectors.CacheFileName);

        var second = GloveVectors.Load(new ModelFolder(LocalModels.Directory, GloveAverageEmbeddingGenerator.ModelName));

        Assert.True(File.Exists(cache));
        Assert.Equal("sha256:ee21d840774c8cdc31ac46695f51fd5052432c1605baa965c8077712b8d75068", second.Revision);
        Assert.Equal(first.Revision, second.Revision);
        Assert.Equal(first.Count, second.Count);
    }

    [Fact]
    public void Model_StopWordOption_IsPartOfTheModelId()
    {
        using var withStopWords = new GloveAverageEmbeddingGenerator(GloveReference.Vectors);
        using var withoutStopWords = new GloveAverageEmbeddingGenerator(GloveReference.Vectors, removeStopWords: true);

        Assert.NotEqual(withStopWords.Model.ModelId, withoutStopWords.Model.ModelId);
        Assert.Equal(100, withStopWords.Model.Dimensions);
    }
}
