using AbStudio.Domain.AbTests;
using AbStudio.Domain.Collections;
using AbStudio.Domain.Datasets;
using AbStudio.Domain.Runs;

namespace AbStudio.Tests.Domain.Persistence;

/// <summary>Small, valid aggregates for persistence tests; every name is unique so tests share a database safely.</summary>
internal static class TestData
{
    public static Dataset Dataset(int documents = 2, int queries = 2)
    {
        var dataset = new Dataset { Name = $"dataset-{Guid.NewGuid():N}", ContentHash = new string('a', 64), Format = DatasetFormat.Beir };
        for (var i = 0; i < documents; i++)
        {
            dataset.Documents.Add(new Document { ExternalId = $"d{i}", Title = $"Title {i}", Text = $"Text of document {i}" });
        }

        for (var i = 0; i < queries; i++)
        {
            dataset.Queries.Add(new Query { ExternalId = $"q{i}", Text = $"query {i}" });
        }

        dataset.DocumentCount = documents;
        dataset.QueryCount = queries;
        return dataset;
    }

    public static AbTest Test(Guid datasetId, params string[] armNames)
    {
        var test = new AbTest { Name = $"test-{Guid.NewGuid():N}", DatasetId = datasetId, Definition = TestDefinitions.Stored(datasetId: datasetId) };
        for (var i = 0; i < armNames.Length; i++)
        {
            test.Arms.Add(new Arm
            {
                Name = armNames[i],
                Ordinal = i,
                RetrievalMode = i == 0 ? RetrievalMode.Lexical : RetrievalMode.Vector,
                EmbeddingProvider = i == 0 ? null : "hashing",
                ConfigurationJson = $$"""{"name":"{{armNames[i]}}"}""",
            });
        }

        return test;
    }

    public static Collection Collection(Guid datasetId) => new()
    {
        Fingerprint = Guid.NewGuid().ToString("N") + Guid.NewGuid().ToString("N"),
        DatasetId = datasetId,
        ConfigurationJson = """{"provider":"hashing","dimensions":256}""",
        Provider = "hashing",
        Dimensions = 256,
    };

    public static QueryResult Result(Guid armId, long queryId) => new()
    {
        ArmId = armId,
        QueryId = queryId,
        RankingJson = """[{"doc":"d0","score":1.5}]""",
        MetricsJson = """{"ndcg@10":1.0}""",
        TotalMs = 3.5,
    };
}
