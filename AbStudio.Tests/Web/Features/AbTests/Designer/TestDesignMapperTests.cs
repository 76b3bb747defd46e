using System.Text.Json;
using AbStudio.Domain.AbTests;
using AbStudio.Domain.AbTests.Definitions;
using AbStudio.Domain.Chunking;
using AbStudio.Web.Features.AbTests.Designer;

namespace AbStudio.Tests.Web.Features.AbTests.Designer;

public sealed class TestDesignMapperTests
{
    private static TestDesign Valid() => new() { Name = "bm25 vs vector", DatasetId = Guid.NewGuid() };

    [Fact]
    public void Check_DefaultDesignWithNameAndDataset_IsValid()
    {
        var check = TestDesignMapper.Check(Valid());

        Assert.True(check.IsValid, string.Join("; ", check.Problems));
        Assert.Equal([1, 3, 5, 10, 20, 100], check.Definition.K);
        Assert.Null(check.Definition.Arms[0].Embedding);
        Assert.Equal("use-lite", check.Definition.Arms[1].Embedding!.Provider);
    }

    [Theory]
    [InlineData("no name", "name")]
    [InlineData("no dataset", "dataset")]
    [InlineData("k not a number", "k")]
    [InlineData("k out of range", "k")]
    [InlineData("metric not at a k", "primary_metric")]
    [InlineData("one arm", "arms")]
    [InlineData("duplicate arm names", "arms")]
    [InlineData("arm name with a space", "arms[0].name")]
    [InlineData("unknown provider", "arms[1].embedding.provider")]
    [InlineData("zero dimensions", "arms[1].embedding.dimensions")]
    [InlineData("overlap not below size", "arms[1].chunking")]
    [InlineData("top-N zero", "arms[1].retrieval.topN")]
    [InlineData("rerank top-N zero", "arms[0].rerank.topN")]
    [InlineData("ttl unreadable", "cleanup.ttl")]
    [InlineData("ttl zero", "cleanup.ttl")]
    public void Check_OneFieldWrong_ReportsAProblemAtItsPath(string scenario, string path)
    {
        var design = Valid();
        var arm = design.Arms[1];
        switch (scenario)
        {
            case "no name": design.Name = "  "; break;
            case "no dataset": design.DatasetId = null; break;
            case "k not a number": design.K = "1, ten"; break;
            case "k out of range": design.K = "0, 10"; break;
            case "metric not at a k": design.PrimaryMetric = "ndcg@7"; break;
            case "one arm": design.Arms.RemoveAt(1); break;
            case "duplicate arm names": arm.Name = "bm25"; break;
            case "arm name with a space": design.Arms[0].Name = "two words"; break;
            case "unknown provider": arm.Provider = "word2vec"; break;
            case "zero dimensions": arm.Dimensions = 0; break;
            case "overlap not below size": (arm.ChunkingStrategy, arm.ChunkSize, arm.ChunkOverlap) = (ChunkingStrategy.Tokens, 32, 32); break;
            case "top-N zero": arm.TopN = 0; break;
            case "rerank top-N zero": (design.Arms[0].Rerank, design.Arms[0].RerankTopN) = (true, 0); break;
            case "ttl unreadable": (design.Cleanup, design.CleanupTtl) = (CleanupPolicy.Ttl, "a week"); break;
            case "ttl zero": (design.Cleanup, design.CleanupTtl) = (CleanupPolicy.Ttl, "00:00:00"); break;
            default: throw new ArgumentOutOfRangeException(nameof(scenario));
        }

        var check = TestDesignMapper.Check(design);

        Assert.False(check.IsValid);
        Assert.NotNull(check.At(path));
    }

    [Theory]
    [InlineData(CleanupPolicy.Keep, "a week", null, null)]
    [InlineData(CleanupPolicy.OnComplete, "7.00:00:00", "on_complete", null)]
    [InlineData(CleanupPolicy.Ttl, "7.00:00:00", "ttl", "7.00:00:00")]
    [InlineData(CleanupPolicy.Ttl, " 02:00:00 ", "ttl", "02:00:00")]
    public void Check_CleanupPolicy_BecomesTheDefinitionsCleanupAndBack(CleanupPolicy policy, string typedTtl, string? expectedPolicy, string? expectedTtl)
    {
        var design = Valid();
        (design.Cleanup, design.CleanupTtl) = (policy, typedTtl);

        var check = TestDesignMapper.Check(design);

        Assert.True(check.IsValid, string.Join("; ", check.Problems));
        Assert.Equal(expectedPolicy, check.Definition.Cleanup?.Policy);
        Assert.Equal(expectedTtl, check.Definition.Cleanup?.Ttl?.ToString("c", System.Globalization.CultureInfo.InvariantCulture));
        var back = TestDesignMapper.FromDefinition(check.Definition);
        Assert.Equal(policy, back.Cleanup);
        if (expectedTtl is not null)
        {
            Assert.Equal(expectedTtl, back.CleanupTtl);
        }
    }

    [Theory]
    [InlineData("lexical", """{ "name": "bm25", "retrieval": { "mode": "lexical", "bm25": { "k1": 1.2, "b": 0.75 }, "topN": 500 } }""")]
    [InlineData("vector with prefixes and chunks", """{ "name": "e5", "embedding": { "provider": "ollama", "model": "e5", "dimensions": 768, "queryPrefix": "query: ", "documentPrefix": "passage: " }, "chunking": { "strategy": "tokens", "size": 128, "overlap": 16 }, "retrieval": { "mode": "vector" } }""")]
    [InlineData("hybrid weighted with a reranker", """{ "name": "hybrid", "embedding": { "provider": "hashing", "dimensions": 96 }, "retrieval": { "mode": "hybrid", "fusion": { "method": "weighted", "lexicalWeight": 0.3, "normalization": "zScore" } }, "rerank": { "provider": "http", "url": "http://localhost:9/rerank", "topN": 20 } }""")]
    [InlineData("glove without stop words", """{ "name": "glove", "embedding": { "provider": "glove-avg", "removeStopWords": true }, "retrieval": { "mode": "vector" }, "rerank": { "provider": "mmr", "lambda": 0.5 } }""")]
    public void FromDefinitionThenToDefinition_AnArm_KeepsEverySetting(string scenario, string armJson)
    {
        var json = $$"""{ "name": "{{scenario}}", "dataset": { "id": "{{Guid.NewGuid()}}", "split": "dev" }, "k": [1, 10], "primary_metric": "recall@10", "reuse_existing": false, "statistics": { "seed": 7, "permutations": 100 }, "arms": [ {{armJson}}, { "name": "bm25-b", "retrieval": { "mode": "lexical" } } ] }""";
        var original = TestDefinitionReader.Read(json);

        var roundTripped = TestDesignMapper.ToDefinition(TestDesignMapper.FromDefinition(original));

        Assert.Equal(Serialized(original), Serialized(roundTripped));
    }

    [Fact]
    public void ToDefinition_LexicalArmWithEmbeddingFieldsLeftFilled_HasNoEmbedding()
    {
        var design = Valid();
        design.Arms[1].Mode = RetrievalMode.Lexical;

        var definition = TestDesignMapper.ToDefinition(design);

        Assert.Null(definition.Arms[1].Embedding);
    }

    [Theory]
    [InlineData("1, 10", "ndcg@1", "map@10")]
    [InlineData("5;100", "ndcg@5", "map@100")]
    public void MetricsFor_TypedCutoffs_ListsEveryMetricAtEach(string k, string first, string last)
    {
        var metrics = TestDesignMapper.MetricsFor(k);

        Assert.Equal(first, metrics[0]);
        Assert.Equal(last, metrics[^1]);
        Assert.Equal(12, metrics.Count);
    }

    private static string Serialized(TestDefinition definition) => JsonSerializer.Serialize(definition, TestDefinitionReader.JsonOptions);
}
