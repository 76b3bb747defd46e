using System.Net.Http.Headers;
using System.Text;
using AbStudio.Domain.AbTests.Definitions;

namespace AbStudio.Tests.TestSupport;

/// <summary>Test definitions for the API tests: the fast arms (bm25 and a hashing vector), few resamples.</summary>
internal static class TestDefinitions
{
    public static string TwoArms(Guid datasetId, string name = "bm25 vs hashing", int dimensions = 128, string hashingProvider = "hashing", string k = "1, 10") => $$"""
        { "name": "{{name}}", "dataset": { "id": "{{datasetId}}" }, "k": [{{k}}],
          "arms": [ { "name": "bm25", "retrieval": { "mode": "lexical" } },
                    { "name": "hashing", "embedding": { "provider": "{{hashingProvider}}", "dimensions": {{dimensions}} }, "retrieval": { "mode": "vector" } } ],
          "statistics": { "permutations": 200, "bootstrapResamples": 200 } }
        """;

    /// <summary>A definition for rows a test writes itself (no arms: nothing reads them as a runnable test).</summary>
    public static TestDefinition Stored(string name = "stored", Guid? datasetId = null) =>
        new() { Name = name, Dataset = new DatasetReference { Id = datasetId }, Arms = [] };

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    public static StringContent Json(string json, string idempotencyKey)
    {
        var content = Json(json);
        content.Headers.Add("Idempotency-Key", idempotencyKey);
        return content;
    }

    public static StringContent Text(string body) => new(body, Encoding.UTF8, new MediaTypeHeaderValue("text/plain"));
}
