using System.Text.Json;
using AbStudio.Domain.AbTests;
using AbStudio.Domain.Collections;
using AbStudio.Domain.Collections.Storage;
using AbStudio.Tests.Web.Features.AbTests;
using AbStudio.Web.Features.AbTests;
using AbStudio.Web.Features.Collections;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AbStudio.Tests.Web.Features.Collections;

/// <summary>
/// Cleanup policies on the real host (SQLite, the demo dataset, a BM25 arm and fast <c>hashing</c>
/// arms): <c>on_complete</c> after a run and the TTL sweeper, both deleting rows and vectors.
/// </summary>
public sealed class CollectionCleanupTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static string Definition(string name, string? cleanup, params int[] dimensions)
    {
        var arms = string.Join(", ", dimensions.Select(d =>
            $$"""{ "name": "hashing{{d}}", "embedding": { "provider": "hashing", "dimensions": {{d}} }, "retrieval": { "mode": "hybrid" } }"""));
        var policy = cleanup is null ? "" : $", \"cleanup\": {cleanup}";
        return $$"""
            { "name": "{{name}}", "dataset": { "id": "00000000-0000-0000-0000-000000000000" }, "k": [1, 10],
              "arms": [ { "name": "bm25", "retrieval": { "mode": "lexical" } }, {{arms}} ],
              "statistics": { "permutations": 200, "bootstrapResamples": 200 }{{policy}} }
            """;
    }

    [Fact]
    public async Task OnComplete_DeletesTheCollectionOnlyThisTestUsed_AndKeepsTheOneAnotherLiveTestNeeds()
    {
        await using var factory = new AbStudioWebFactory();
        var (datasetId, _) = await DemoDataset.FindAsync(factory);
        var tests = factory.Services.GetRequiredService<TestsService>();
        var store = factory.Services.GetRequiredService<IVectorStore>();

        // Another test builds the 48-dimension collection and is queued again: it still needs it.
        var other = await TestRunTests.StartAsync(tests, datasetId, Definition("other", null, 48));
        await TestRunTests.WaitForRunAsync(factory, other.RunId);
        var shared = other.Arms.Single(a => a.Arm == "hashing48").Plan!.CollectionId;
        await using (var db = await TestRunTests.Contexts(factory).CreateDbContextAsync(Token))
        {
            var otherTestId = await db.Runs.Where(r => r.Id == other.RunId).Select(r => r.TestId).SingleAsync(Token);
            await db.Tests.Where(t => t.Id == otherTestId).ExecuteUpdateAsync(s => s.SetProperty(t => t.Status, AbTestStatus.Queued), Token);
        }

        var start = await TestRunTests.StartAsync(tests, datasetId, Definition("cleans up", """{ "policy": "on_complete" }""", 32, 48));
        Assert.Equal(shared, start.Arms.Single(a => a.Arm == "hashing48").Plan!.CollectionId);
        var own = start.Arms.Single(a => a.Arm == "hashing32").Plan!.CollectionId;
        await TestRunTests.WaitForRunAsync(factory, start.RunId);

        var ownFingerprint = await WaitUntilDeletedAsync(factory, own);
        Assert.Null(await store.DescribeAsync(ownFingerprint, Token));
        await using var check = await TestRunTests.Contexts(factory).CreateDbContextAsync(Token);
        var kept = await check.Collections.SingleAsync(c => c.Id == shared, Token);
        Assert.Equal(CollectionStatus.Ready, kept.Status);
        Assert.NotNull(await store.DescribeAsync(kept.Fingerprint, Token));

        var audit = Assert.Single(await check.AuditEvents.Where(e => e.EntityType == "collection").ToListAsync(Token));
        Assert.Equal(("system", "delete", own.ToString()), (audit.Actor, audit.Action, audit.EntityId));
        Assert.Equal("on_complete", JsonDocument.Parse(audit.DetailsJson!).RootElement.GetProperty("reason").GetString());
        var metrics = await factory.CreateAdminClient().GetStringAsync(new Uri("/metrics", UriKind.Relative), Token);
        Assert.Contains("abstudio_collections_deleted_total{reason=\"on_complete\"} 1", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sweep_DeletesAnExpiredUnusedCollection_AndKeepsAFreshOneAndOneInUse()
    {
        await using var factory = new AbStudioWebFactory();
        var (datasetId, _) = await DemoDataset.FindAsync(factory);
        var tests = factory.Services.GetRequiredService<TestsService>();
        var store = factory.Services.GetRequiredService<IVectorStore>();
        var contexts = TestRunTests.Contexts(factory);

        var start = await TestRunTests.StartAsync(tests, datasetId, Definition("expires", """{ "policy": "ttl", "ttl": "1.00:00:00" }""", 24, 40, 56));
        await TestRunTests.WaitForRunAsync(factory, start.RunId);
        Guid Collection(int dimensions) => start.Arms.Single(a => a.Arm == $"hashing{dimensions}").Plan!.CollectionId;
        var (expired, fresh, inUse) = (Collection(24), Collection(40), Collection(56));

        // The ttl policy gives each of the test's collections its TTL once the run completes.
        await WaitUntilAsync(async () =>
        {
            await using var db = await contexts.CreateDbContextAsync(Token);
            return await db.Collections.CountAsync(c => c.Ttl == TimeSpan.FromDays(1), Token) == 3;
        });

        // Two of them were last used two days ago; a draft test still needs the third.
        await using (var db = await contexts.CreateDbContextAsync(Token))
        {
            var past = DateTime.UtcNow.AddDays(-2);
            await db.Collections.Where(c => c.Id == expired || c.Id == inUse).ExecuteUpdateAsync(s => s.SetProperty(c => c.LastUsedAt, past), Token);
            var draft = await tests.CreateAsync(AbStudio.Domain.AbTests.Definitions.TestDefinitionReader.Read(Definition("draft", null, 56)), datasetId, "test", Token);
            var fingerprint = await db.Collections.Where(c => c.Id == inUse).Select(c => c.Fingerprint).SingleAsync(Token);
            await db.Arms.Where(a => a.TestId == draft.Id && a.Name == "hashing56")
                .ExecuteUpdateAsync(s => s.SetProperty(a => a.CollectionId, inUse).SetProperty(a => a.CollectionFingerprint, fingerprint), Token);
        }

        var expiredFingerprint = await FingerprintAsync(factory, expired);
        await factory.Services.GetRequiredService<CollectionCleanup>().SweepAsync(Token);

        await using var check = await contexts.CreateDbContextAsync(Token);
        Assert.False(await check.Collections.AnyAsync(c => c.Id == expired, Token));
        Assert.Null(await store.DescribeAsync(expiredFingerprint, Token));
        foreach (var id in new[] { fresh, inUse })
        {
            var collection = await check.Collections.SingleAsync(c => c.Id == id, Token);
            Assert.NotNull(await store.DescribeAsync(collection.Fingerprint, Token));
        }

        var audit = Assert.Single(await check.AuditEvents.Where(e => e.EntityType == "collection").ToListAsync(Token));
        Assert.Equal(("system", "delete", expired.ToString()), (audit.Actor, audit.Action, audit.EntityId));
        Assert.Equal("ttl", JsonDocument.Parse(audit.DetailsJson!).RootElement.GetProperty("reason").GetString());
        var metrics = await factory.CreateAdminClient().GetStringAsync(new Uri("/metrics", UriKind.Relative), Token);
        Assert.Contains("abstudio_collections_deleted_total{reason=\"ttl\"} 1", metrics, StringComparison.Ordinal);
    }

    private static async Task<string> FingerprintAsync(AbStudioWebFactory factory, Guid id)
    {
        await using var db = await TestRunTests.Contexts(factory).CreateDbContextAsync(Token);
        return await db.Collections.Where(c => c.Id == id).Select(c => c.Fingerprint).SingleAsync(Token);
    }

    /// <summary>The cleanup follows the run's completion in the same job: wait for the row to go, and return its fingerprint.</summary>
    private static async Task<string> WaitUntilDeletedAsync(AbStudioWebFactory factory, Guid id)
    {
        var fingerprint = await FingerprintFromAuditOrRowAsync(factory, id);

        // The cleanup deletes the row, then writes its audit row: wait for both, or a read between the two finds neither.
        await WaitUntilAsync(async () =>
        {
            await using var db = await TestRunTests.Contexts(factory).CreateDbContextAsync(Token);
            return !await db.Collections.AnyAsync(c => c.Id == id, Token)
                && await db.AuditEvents.AnyAsync(e => e.EntityType == "collection" && e.EntityId == id.ToString(), Token);
        });
        return fingerprint ?? await FingerprintFromAuditOrRowAsync(factory, id) ?? throw new InvalidOperationException("No fingerprint for the deleted collection.");
    }

    private static async Task<string?> FingerprintFromAuditOrRowAsync(AbStudioWebFactory factory, Guid id)
    {
        await using var db = await TestRunTests.Contexts(factory).CreateDbContextAsync(Token);
        var row = await db.Collections.Where(c => c.Id == id).Select(c => c.Fingerprint).SingleOrDefaultAsync(Token);
        if (row is not null)
        {
            return row;
        }

        var details = await db.AuditEvents.Where(e => e.EntityType == "collection" && e.EntityId == id.ToString()).Select(e => e.DetailsJson).FirstOrDefaultAsync(Token);
        return details is null ? null : JsonDocument.Parse(details).RootElement.GetProperty("fingerprint").GetString();
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting for the cleanup");
            await Task.Delay(100, Token);
        }
    }
}
