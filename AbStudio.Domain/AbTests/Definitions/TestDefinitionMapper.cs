using System.Text.Json;

namespace AbStudio.Domain.AbTests.Definitions;

/// <summary>
/// Turns a checked <see cref="TestDefinition"/> into the rows a test is stored as (the test with its
/// typed definition, and its arms in order). Reading back needs no mapper: <see cref="AbTest.Definition"/>
/// comes back typed, and each <see cref="Arm.Definition"/> is its entry in it.
/// </summary>
public static class TestDefinitionMapper
{
    private static readonly JsonSerializerOptions Compact = new(TestDefinitionReader.JsonOptions) { WriteIndented = false };

    public static AbTest ToTest(TestDefinition definition, Guid datasetId, string? createdBy, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var test = new AbTest
        {
            Name = definition.Name,
            Description = definition.Description,
            DatasetId = datasetId,
            Split = definition.Dataset.Split,
            KValues = [.. definition.K.Order()],
            PrimaryMetric = definition.PrimaryMetric,
            ReuseExisting = definition.ReuseExisting,
            Cleanup = CleanupPolicies.Parse(definition.Cleanup?.Policy) ?? CleanupPolicy.Keep,
            CollectionTtl = definition.Cleanup?.Ttl,
            Definition = definition,
            CreatedBy = createdBy,
            CreatedAt = now,
            UpdatedAt = now,
        };
        for (var i = 0; i < definition.Arms.Count; i++)
        {
            var arm = definition.Arms[i];
            test.Arms.Add(new Arm
            {
                TestId = test.Id,
                Ordinal = i,
                Name = arm.Name,
                EmbeddingProvider = arm.Embedding?.Provider,
                EmbeddingModel = arm.Embedding?.Model,
                RetrievalMode = arm.Retrieval.Mode,
                ConfigurationJson = JsonSerializer.Serialize(arm, Compact),
            });
        }

        return test;
    }
}
