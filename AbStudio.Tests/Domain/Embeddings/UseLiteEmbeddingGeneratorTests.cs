namespace AbStudio.Tests.Domain.Embeddings;

public class UseLiteEmbeddingGeneratorTests
{
    private const float Tolerance = 1e-5f;

    [Fact]
    public void Encoder_ReferenceTokens_MatchTfjsEmbeddings()
    {
        var encoder = UseLiteReference.Generator.Encoder;
        var tokens = UseLiteReference.Tokens;
        var vectors = new float[tokens.Length * 512];

        encoder.Embed(tokens, vectors);

        var (worst, at) = WorstDeviation(vectors, UseLiteReference.Embeddings);
        TestContext.Current.TestOutputHelper?.WriteLine($"use-lite worst |Δ| = {worst:E3} (text #{at})");
        Assert.True(worst <= Tolerance, $"Worst component deviation {worst:E3} at text #{at} exceeds {Tolerance:E0}.");
    }

    [Fact]
    public async Task GenerateAsync_ReferenceTexts_MatchTfjsEmbeddings()
    {
        var texts = UseLiteReference.Texts;
        var expected = UseLiteReference.Embeddings;

        var embeddings = await UseLiteReference.Generator.GenerateAsync(texts, cancellationToken: TestContext.Current.CancellationToken);

        var vectors = new float[texts.Length * 512];
        for (var i = 0; i < texts.Length; i++)
        {
            embeddings[i].Vector.Span.CopyTo(vectors.AsSpan(i * 512));
        }

        var (worst, at) = WorstDeviation(vectors, expected);
        Assert.True(worst <= Tolerance, $"Worst component deviation {worst:E3} at text #{at} exceeds {Tolerance:E0}.");
    }

    private static (float Worst, int At) WorstDeviation(float[] actual, float[][] expected)
    {
        var worst = 0f;
        var at = -1;
        for (var i = 0; i < expected.Length; i++)
        {
            for (var d = 0; d < 512; d++)
            {
                var deviation = Math.Abs(actual[(i * 512) + d] - expected[i][d]);
                if (deviation > worst)
                {
                    worst = deviation;
                    at = i;
                }
            }
        }

        return (worst, at);
    }
}
