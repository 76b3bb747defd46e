using AbStudio.Domain.AbTests.Definitions;
using AbStudio.Domain.Persistence;
using AbStudio.Domain.Runs;
using AbStudio.Web.Features.AbTests;
using AbStudio.Web.Features.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AbStudio.Tests.TestSupport;

/// <summary>Tests on the demo dataset run through the host's own services and dispatcher, as the console starts them.</summary>
internal static class CompletedRuns
{
    /// <summary>bm25 against a 128-dimension hashing vector arm at k 1 and 10, with few resamples so it runs in seconds.</summary>
    public const string Bm25AgainstHashing = """
        { "name": "results", "dataset": { "id": "00000000-0000-0000-0000-000000000000" }, "k": [1, 10],
          "arms": [ { "name": "bm25", "retrieval": { "mode": "lexical" } },
                    { "name": "hashing", "embedding": { "provider": "hashing", "dimensions": 128 }, "retrieval": { "mode": "vector" } } ],
          "statistics": { "permutations": 200, "bootstrapResamples": 200 } }
        """;

    /// <summary>Creates the test on the demo dataset; starts it and waits for its run to complete when <paramref name="start"/>.</summary>
    public static async Task<(Guid TestId, Guid? RunId)> CreateAsync(AbStudioWebFactory factory, string definition = Bm25AgainstHashing, bool start = true)
    {
        var token = TestContext.Current.CancellationToken;
        var (datasetId, _) = await DemoDataset.FindAsync(factory);
        var tests = factory.Services.GetRequiredService<TestsService>();
        var test = await tests.CreateAsync(TestDefinitionReader.Read(definition), datasetId, "test", token);
        if (!start)
        {
            return (test.Id, null);
        }

        var runId = (await tests.StartAsync(Actor.Host, test.Id, token)).Require().RunId;
        var contexts = factory.Services.GetRequiredService<IDbContextFactory<AbStudioDbContext>>();
        for (var i = 0; i < 300; i++)
        {
            await using var db = await contexts.CreateDbContextAsync(token);
            var status = await db.Runs.Where(r => r.Id == runId).Select(r => r.Status).SingleAsync(token);
            if (status is RunStatus.Completed)
            {
                return (test.Id, runId);
            }

            Assert.NotEqual(RunStatus.Failed, status);
            await Task.Delay(200, token);
        }

        throw new TimeoutException("The run did not complete within 60 s.");
    }
}
