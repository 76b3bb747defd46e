using AbStudio.Domain.AbTests;
using AbStudio.Domain.AbTests.Definitions;
using AbStudio.Domain.Chunking;
using AbStudio.Domain.Retrieval.Fusion;

namespace AbStudio.Tests.Domain.AbTests.Definitions;

public sealed class TestDefinitionReaderTests
{
    /// <summary>The three-arm example from the issue, verbatim.</summary>
    internal const string ThreeArmExample = """
        { "name": "scifact: bm25 vs use-lite vs hybrid",
          "dataset": { "path": "../shared/datasets/scifact", "format": "beir", "split": "test" },
          "k": [1, 3, 5, 10, 100],
          "arms": [
            { "name": "bm25",     "retrieval": { "mode": "lexical", "bm25": { "k1": 0.9, "b": 0.4 } } },
            { "name": "use-lite", "embedding": { "provider": "use-lite" }, "chunking": { "strategy": "none" },
              "retrieval": { "mode": "vector" } },
            { "name": "hybrid",   "embedding": { "provider": "hashing", "dimensions": 1024 },
              "chunking": { "strategy": "tokens", "size": 256, "overlap": 32 },
              "retrieval": { "mode": "hybrid", "fusion": { "method": "rrf", "k": 60 } },
              "rerank": { "provider": "embedding", "model": "use-lite", "topN": 50 } } ],
          "reuse_existing": true }
        """;

    [Fact]
    public void Read_IssueExample_ParsesEveryField()
    {
        var definition = TestDefinitionReader.Read(ThreeArmExample);

        Assert.Equal("scifact: bm25 vs use-lite vs hybrid", definition.Name);
        Assert.Equal("../shared/datasets/scifact", definition.Dataset.Path);
        Assert.Equal([1, 3, 5, 10, 100], definition.K);
        Assert.True(definition.ReuseExisting);
        Assert.Equal(["bm25", "use-lite", "hybrid"], definition.Arms.Select(a => a.Name));
        Assert.Equal(RetrievalMode.Lexical, definition.Arms[0].Retrieval.Mode);
        Assert.Equal(0.9, definition.Arms[0].Retrieval.Bm25.K1);
        Assert.Equal("use-lite", definition.Arms[1].Embedding!.Provider);
        var hybrid = definition.Arms[2];
        Assert.Equal(new ChunkingSettings(ChunkingStrategy.Tokens, 256, 32), hybrid.Chunking.ToSettings());
        Assert.Equal(FusionMethod.Rrf, hybrid.Retrieval.Fusion.Method);
        Assert.Equal(1024, hybrid.Embedding!.Dimensions);
        Assert.Equal(50, hybrid.Rerank!.TopN);
        Assert.Equal("flat", hybrid.Embedding!.Index);
    }

    [Theory]
    [InlineData("flat")]
    [InlineData("hnsw")]
    public void Read_EmbeddingIndex_TakesFlatOrHnsw(string index)
    {
        var definition = TestDefinitionReader.Read(WithIndex(index));

        Assert.Equal(index, definition.Arms[1].Embedding!.Index);
    }

    [Fact]
    public void Read_UnknownEmbeddingIndex_NamesTheFieldAndTheChoices()
    {
        var error = Assert.Throws<TestDefinitionException>(() => TestDefinitionReader.Read(WithIndex("ivfflat")));

        Assert.Equal(["arms[1].embedding.index: 'ivfflat' is not an index kind; use 'flat' (exact, any database) or 'hnsw' (approximate, PostgreSQL only)."],
            error.Problems.Select(p => p.ToString()));
    }

    [Theory]
    [InlineData("""{ "name": "x", """, "(document)", "line")]
    [InlineData("""{ "name": "x", "dataset": { "path": "p" }, "arms": [], "colour": "blue" }""", "colour", "unknown field")]
    [InlineData("""{ "dataset": { "path": "p" }, "arms": [] }""", "(document)", "missing required properties including: 'name'")]
    [InlineData("""{ "name": "x", "dataset": { "path": "p" }, "arms": [ { "name": "a", "retrieval": { "mode": "vectr" } } ] }""", "arms[0].retrieval.mode", "not one of the allowed values")]
    [InlineData("""{ "name": "x", "dataset": { "path": "p" }, "k": "ten", "arms": [] }""", "k", "wrong type")]
    public void Read_MalformedJson_NamesWhereAndWhat(string json, string path, string expected)
    {
        var error = Assert.Throws<TestDefinitionException>(() => TestDefinitionReader.Read(json, "def.json"));

        var problem = Assert.Single(error.Problems);
        Assert.Equal(path, problem.Path);
        Assert.Contains(expected, problem.Message, StringComparison.Ordinal);
        Assert.StartsWith("def.json: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_SeveralSemanticProblems_ReportsThemAllWithPaths()
    {
        const string json = """
            { "name": "x", "dataset": { }, "k": [0, 10, 5000],
              "arms": [
                { "name": "a", "retrieval": { "mode": "vector" } },
                { "name": "a", "embedding": { "provider": "word2vec" }, "chunking": { "strategy": "tokens", "size": 10, "overlap": 10 },
                  "retrieval": { "mode": "hybrid", "fusion": { "k": 0 } }, "rerank": { "provider": "magic" } } ] }
            """;

        var problems = Assert.Throws<TestDefinitionException>(() => TestDefinitionReader.Read(json)).Problems.Select(p => p.ToString()).ToList();

        Assert.Equal(
        [
            "dataset: give either dataset.path (a folder or file to import) or dataset.id (an imported dataset).",
            "k: every k must be between 1 and 1000; got [0, 10, 5000].",
            "arms: arm names must be unique; 'a' appears 2 times.",
            "arms[0].embedding: a vector arm needs an embedding provider (use-lite, glove-avg, hashing, openai, ollama).",
            "arms[1].embedding.provider: 'word2vec' is not a known provider; use one of use-lite, glove-avg, hashing, openai, ollama.",
            "arms[1].chunking: chunking.overlap must be between 0 and size − 1 (9).",
            "arms[1].retrieval.fusion: fusion.k must be 1 or more (the usual value is 60).",
            "arms[1].rerank.provider: 'magic' is not a known reranker; use one of embedding, mmr, http.",
        ], problems);
    }

    [Fact]
    public void Read_OneArm_IsNotAnABTest()
    {
        var error = Assert.Throws<TestDefinitionException>(() => TestDefinitionReader.Read(
            """{ "name": "x", "dataset": { "path": "p" }, "arms": [ { "name": "a", "retrieval": { "mode": "lexical" } } ] }"""));

        Assert.Equal("arms: an A/B test needs 2 to 16 arms; got 1.", Assert.Single(error.Problems).ToString());
    }

    [Theory]
    [InlineData("name", 201, false, "at most 200 characters; got 201.")]
    [InlineData("name", 5, true, "remove the control characters")]
    [InlineData("description", 4001, false, "at most 4000 characters; got 4001.")]
    [InlineData("dataset.split", 65, false, "at most 64 characters; got 65.")]
    [InlineData("arms[1].embedding.model", 201, false, "at most 200 characters; got 201.")]
    public void Read_TextLongerThanItsColumnOrWithControlCharacters_IsRefusedAtItsPath(string path, int length, bool nul, string expected)
    {
        var text = nul ? "ab\\u0000cd" : new string('x', length);
        string Field(string at) => at == path ? text : "ok";
        var json = $$"""
            { "name": "{{Field("name")}}", "description": "{{Field("description")}}", "dataset": { "path": "p", "split": "{{Field("dataset.split")}}" },
              "arms": [ { "name": "a", "retrieval": { "mode": "lexical" } },
                        { "name": "b", "embedding": { "provider": "hashing", "model": "{{Field("arms[1].embedding.model")}}" }, "retrieval": { "mode": "vector" } } ] }
            """;

        var error = Assert.Throws<TestDefinitionException>(() => TestDefinitionReader.Read(json));

        var problem = Assert.Single(error.Problems);
        Assert.Equal(path, problem.Path);
        Assert.StartsWith(expected, problem.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("foo@10")]
    [InlineData("ndcg@100")]
    [InlineData("ndcg")]
    public void Read_PrimaryMetricNotComputedAtTheTestsK_IsRefusedNamingTheChoices(string metric)
    {
        var json = $$"""{ "name": "x", "dataset": { "path": "p" }, "k": [1, 10], "primary_metric": "{{metric}}", "arms": [ { "name": "a", "retrieval": { "mode": "lexical" } }, { "name": "b", "retrieval": { "mode": "lexical" } } ] }""";

        var error = Assert.Throws<TestDefinitionException>(() => TestDefinitionReader.Read(json));

        var problem = Assert.Single(error.Problems);
        Assert.Equal("primary_metric", problem.Path);
        Assert.Contains("at one of its k (1, 10), e.g. ndcg@10", problem.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""\\..\\..\\..\\evil""")]
    [InlineData("..")]
    [InlineData("a:b")]
    [InlineData("tab\\tname")]
    [InlineData("nul\\u0000")]
    public void Read_ArmNameUnsafeAsAFileName_IsRefusedAtItsPath(string name)
    {
        var json = $$"""{ "name": "x", "dataset": { "path": "p" }, "arms": [ { "name": "{{name}}", "retrieval": { "mode": "lexical" } }, { "name": "b", "retrieval": { "mode": "lexical" } } ] }""";

        var error = Assert.Throws<TestDefinitionException>(() => TestDefinitionReader.Read(json));

        Assert.Equal("arms[0].name", Assert.Single(error.Problems).Path);
    }

    [Theory]
    [InlineData("", CleanupPolicy.Keep, null)]
    [InlineData(""", "cleanup": { "policy": "keep" }""", CleanupPolicy.Keep, null)]
    [InlineData(""", "cleanup": { "policy": "on_complete" }""", CleanupPolicy.OnComplete, null)]
    [InlineData(""", "cleanup": { "policy": "ttl", "ttl": "7.00:00:00" }""", CleanupPolicy.Ttl, "7.00:00:00")]
    [InlineData(""", "cleanup": { "policy": "ttl", "ttl": "01:30:00" }""", CleanupPolicy.Ttl, "01:30:00")]
    public void Read_Cleanup_MapsOntoTheTestsPolicyAndTtl(string cleanup, CleanupPolicy policy, string? ttl)
    {
        var definition = TestDefinitionReader.Read(WithCleanup(cleanup));

        var test = TestDefinitionMapper.ToTest(definition, Guid.NewGuid(), "me", DateTime.UtcNow);
        Assert.Equal(policy, test.Cleanup);
        Assert.Equal(ttl is null ? null : TimeSpan.Parse(ttl, System.Globalization.CultureInfo.InvariantCulture), test.CollectionTtl);
    }

    [Theory]
    [InlineData("""{ "policy": "sometimes" }""", "cleanup.policy", "'sometimes' is not a cleanup policy; use one of keep, on_complete, ttl.")]
    [InlineData("""{ "policy": "ttl" }""", "cleanup.ttl", "the ttl policy needs a ttl")]
    [InlineData("""{ "policy": "ttl", "ttl": "00:00:00" }""", "cleanup.ttl", "must be longer than zero; got 00:00:00.")]
    [InlineData("""{ "policy": "ttl", "ttl": "-1.00:00:00" }""", "cleanup.ttl", "must be longer than zero")]
    [InlineData("""{ "policy": "keep", "ttl": "1.00:00:00" }""", "cleanup.ttl", "applies to the ttl policy only")]
    [InlineData("""{ "policy": "on_complete", "ttl": "1.00:00:00" }""", "cleanup.ttl", "applies to the ttl policy only")]
    [InlineData("""{ "policy": "ttl", "ttl": "a week" }""", "cleanup.ttl", "wrong type")]
    [InlineData("""{ "policy": "ttl", "ttl": "7.00:00:00", "when": "now" }""", "cleanup.when", "unknown field")]
    public void Read_BadCleanup_NamesTheField(string cleanup, string path, string expected)
    {
        var error = Assert.Throws<TestDefinitionException>(() => TestDefinitionReader.Read(WithCleanup($", \"cleanup\": {cleanup}")));

        var problem = Assert.Single(error.Problems);
        Assert.Equal(path, problem.Path);
        Assert.Contains(expected, problem.Message, StringComparison.Ordinal);
    }

    private static string WithCleanup(string cleanup) => $$"""
        { "name": "x", "dataset": { "path": "p" }, "arms": [
          { "name": "a", "retrieval": { "mode": "lexical" } },
          { "name": "b", "retrieval": { "mode": "lexical" } } ]{{cleanup}} }
        """;

    private static string WithIndex(string index) => $$"""
        { "name": "x", "dataset": { "path": "p" }, "arms": [
          { "name": "a", "retrieval": { "mode": "lexical" } },
          { "name": "b", "embedding": { "provider": "hashing", "index": "{{index}}" }, "retrieval": { "mode": "vector" } } ] }
        """;
}
