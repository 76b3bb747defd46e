using System.Text.Json;

namespace AbStudio.Domain.AbTests.Definitions;

/// <summary>
/// Turns a checked <see cref="TestDefinition"/> into the rows a test is stored as (the test and its
/// arms, in order), and an arm row back into the definition it came from. The arm's definition is
/// stored whole, so nothing a run needs is lost to a column that was not foreseen.
/// </summary>
public static class TestDefinitionMapper
{
    private static readonly JsonSerializerOptions Compact = new(TestDefinitionReader.JsonOptions) { WriteIndented = false };

    public static AbTest ToTest(TestDefinition definition, string definitionJson, Guid datasetId, string? createdBy, DateTime now)
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
            DefinitionJson = definitionJson,
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

    public static ArmDefinition ToDefinition(Arm arm)
    {
        ArgumentNullException.ThrowIfNull(arm);
        return JsonSerializer.Deserialize<ArmDefinition>(arm.ConfigurationJson, TestDefinitionReader.JsonOptions)
            ?? throw new InvalidDataException($"Arm '{arm.Name}' has an empty stored configuration.");
    }

    /// <summary>The test's own definition (statistics settings, k, …) as submitted.</summary>
    public static TestDefinition ToDefinition(AbTest test)
    {
        ArgumentNullException.ThrowIfNull(test);
        return JsonSerializer.Deserialize<TestDefinition>(test.DefinitionJson, TestDefinitionReader.JsonOptions)
            ?? throw new InvalidDataException($"Test '{test.Name}' has an empty stored definition.");
    }
}
