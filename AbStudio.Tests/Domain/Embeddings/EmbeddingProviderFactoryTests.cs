using AbStudio.Domain.Embeddings;
using AbStudio.Domain.Embeddings.Hashing;
using AbStudio.Domain.Embeddings.Remote;
using AbStudio.Domain.Embeddings.UseLite;

namespace AbStudio.Tests.Domain.Embeddings;

public sealed class EmbeddingProviderFactoryTests
{
    private static readonly RemoteEmbeddingOptions Section = new() { BaseUrl = new Uri("http://127.0.0.1:9/v1"), Model = "section-model" };

    [Fact]
    public void Create_UnknownProvider_ThrowsNamingTheKnownOnes()
    {
        var error = Assert.Throws<ArgumentException>(() => EmbeddingProviderFactory.Create(new EmbeddingProviderSettings("word2vec", "models")));

        Assert.Contains("'word2vec' is not a known embedding provider; use one of use-lite, glove-avg, hashing, openai, ollama.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_Hashing_TakesDimensionsAndPrefixes()
    {
        using var provider = EmbeddingProviderFactory.Create(new EmbeddingProviderSettings("hashing", "models", Dimensions: 256, QueryPrefix: "q: "));

        var hashing = Assert.IsType<FeatureHashingEmbeddingGenerator>(provider);
        Assert.Equal(256, hashing.Model.Dimensions);
        Assert.Equal(new EmbeddingPrefixes("q: ", ""), hashing.Prefixes);
    }

    [Fact]
    public void Create_UseLiteWithOtherDimensions_ThrowsSayingWhatItProduces()
    {
        var settings = new EmbeddingProviderSettings(UseLiteEmbeddingGenerator.ModelName, LocalModels.Directory, Dimensions: 256);

        var error = Assert.Throws<ArgumentException>(() => EmbeddingProviderFactory.Create(settings));

        Assert.Contains("use-lite produces 512 dimensions; the arm asks for 256.", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("openai", typeof(OpenAIEmbeddingGenerator))]
    [InlineData("ollama", typeof(OllamaEmbeddingGenerator))]
    public void Create_RemoteProvider_ArmModelOverridesTheSectionModel(string name, Type type)
    {
        var settings = new EmbeddingProviderSettings(name, "models", Model: "arm-model", Dimensions: 64) { OpenAI = Section, Ollama = Section };

        using var provider = EmbeddingProviderFactory.Create(settings);

        Assert.IsType(type, provider);
        Assert.Equal(new EmbeddingModelInfo(name, "arm-model", "arm-model", 64), EmbeddingProviderFactory.ModelOf(provider));
    }

    [Fact]
    public void Create_RemoteProviderWithoutModel_ThrowsSayingWhereToSetIt()
    {
        var error = Assert.Throws<ArgumentException>(() => EmbeddingProviderFactory.Create(new EmbeddingProviderSettings("openai", "models")));

        Assert.Contains("The openai provider needs a model", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_SettingsWithApiKey_DoesNotPrintTheKey()
    {
        var settings = new EmbeddingProviderSettings("openai", "models") { OpenAI = new RemoteEmbeddingOptions { ApiKey = "sk-secret-0042", Model = "m" } };

        var text = settings.ToString();

        Assert.DoesNotContain("sk-secret-0042", text, StringComparison.Ordinal);
        Assert.Contains("ApiKey = (set)", text, StringComparison.Ordinal);
    }
}
