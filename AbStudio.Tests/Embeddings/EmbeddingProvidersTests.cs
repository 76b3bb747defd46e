using AbStudio.Domain.AbTests.Definitions;
using AbStudio.Domain.Embeddings;
using AbStudio.Domain.Embeddings.Hashing;
using AbStudio.Domain.Embeddings.Remote;
using AbStudio.Domain.Embeddings.UseLite;
using AbStudio.Tests.TestSupport;

namespace AbStudio.Tests.Embeddings;

public sealed class EmbeddingProvidersTests
{
    [Fact]
    public void Create_UnknownProvider_ThrowsNamingTheKnownOnes()
    {
        var error = Assert.Throws<ArgumentException>(() => EmbeddingProviders.Create("word2vec", new EmbeddingProviderSettings()));

        Assert.Contains("'word2vec' is not a known embedding provider; use one of use-lite, glove-avg, hashing, openai, ollama.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_Hashing_TakesDimensionsAndPrefixes()
    {
        using var provider = EmbeddingProviders.Create("hashing", new EmbeddingProviderSettings { Dimensions = 256, QueryPrefix = "q: " });

        var hashing = Assert.IsType<FeatureHashingEmbeddingGenerator>(provider);
        Assert.Equal(256, hashing.Model.Dimensions);
        Assert.Equal(new EmbeddingPrefixes("q: ", ""), hashing.Prefixes);
    }

    [Fact]
    public void Create_UseLiteWithOtherDimensions_ThrowsSayingWhatItProduces()
    {
        var settings = new EmbeddingProviderSettings { ModelsDirectory = LocalModels.Directory, Dimensions = 256 };

        var error = Assert.Throws<ArgumentException>(() => EmbeddingProviders.Create(UseLiteEmbeddingGenerator.ModelName, settings));

        Assert.Contains("use-lite produces 512 dimensions; the settings declare 256.", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("openai", typeof(OpenAIEmbeddingGenerator))]
    [InlineData("ollama", typeof(OllamaEmbeddingGenerator))]
    public void Create_RemoteProvider_ArmModelOverridesTheSectionModel(string name, Type type)
    {
        var section = new RemoteEmbeddingOptions { BaseUrl = new Uri("http://127.0.0.1:9/v1"), Model = "section-model" };
        var settings = new EmbeddingProviderSettings { OpenAI = section, Ollama = section }
            .ForArm(new EmbeddingDefinition { Provider = name, Model = "arm-model", Dimensions = 64 });

        using var provider = EmbeddingProviders.Create(name, settings);

        Assert.IsType(type, provider);
        Assert.Equal(new EmbeddingModelInfo(name, "arm-model", "arm-model", 64), provider.Model);
    }

    [Fact]
    public void Create_RemoteProviderWithoutModel_ThrowsSayingWhereToSetIt()
    {
        var error = Assert.Throws<ArgumentException>(() => EmbeddingProviders.Create("openai", new EmbeddingProviderSettings()));

        Assert.Contains("The openai provider needs a model", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_SettingsWithApiKey_DoesNotPrintTheKey()
    {
        var settings = new EmbeddingProviderSettings { OpenAI = new RemoteEmbeddingOptions { ApiKey = "sk-secret-0042", Model = "m" } };

        var text = settings.ToString();

        Assert.DoesNotContain("sk-secret-0042", text, StringComparison.Ordinal);
        Assert.Contains("ApiKey = (set)", text, StringComparison.Ordinal);
    }
}
