using AbStudio.Domain.Chunking;
using AbStudio.Domain.Collections;
using AbStudio.Domain.Collections.Planning;
using AbStudio.Tests.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AbStudio.Tests.Domain.Collections.Planning;

/// <summary>Reuse by fingerprint: build once, join a running build, rebuild on request, explain drift.</summary>
public abstract class CollectionPlannerTests(DatabaseFixture database)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Plan_TwoTestsWithTheSameArmConfiguration_BuildOnceAndTheSecondJoins()
    {
        var (planner, specification, dataset) = await ArrangeAsync();

        var first = await planner.PlanAsync(specification, dataset, reuseExisting: true, Token);
        var second = await planner.PlanAsync(specification, dataset, reuseExisting: true, Token);

        Assert.Equal(CollectionPlanOutcome.Building, first.Outcome);
        Assert.Equal(CollectionPlanOutcome.Joined, second.Outcome);
        Assert.Equal(first.CollectionId, second.CollectionId);
        Assert.Null(second.JobId);
        Assert.Equal(1, await JobsForAsync(first.CollectionId));
    }

    [Fact]
    public async Task Plan_ReadyCollectionWithReuse_AttachesWithoutABuild()
    {
        var (planner, specification, dataset) = await ArrangeAsync();
        var built = await planner.PlanAsync(specification, dataset, true, Token);
        await SetStatusAsync(built.CollectionId, CollectionStatus.Ready);

        var plan = await planner.PlanAsync(specification, dataset, reuseExisting: true, Token);

        Assert.Equal(CollectionPlanOutcome.Reused, plan.Outcome);
        Assert.Equal(1, await JobsForAsync(built.CollectionId));
    }

    [Fact]
    public async Task Plan_ReadyCollectionWithoutReuse_QueuesARebuild()
    {
        var (planner, specification, dataset) = await ArrangeAsync();
        var built = await planner.PlanAsync(specification, dataset, true, Token);
        await SetStatusAsync(built.CollectionId, CollectionStatus.Ready);

        var plan = await planner.PlanAsync(specification, dataset, reuseExisting: false, Token);

        Assert.Equal(CollectionPlanOutcome.Rebuilding, plan.Outcome);
        Assert.Equal("reuse_existing is false; building again", plan.Reason);
        Assert.Equal(2, await JobsForAsync(built.CollectionId));
        await using var db = database.CreateContext();
        Assert.Equal(CollectionStatus.Pending, (await db.Collections.SingleAsync(c => c.Id == built.CollectionId, Token)).Status);
    }

    [Fact]
    public async Task Plan_FailedCollection_IsBuiltAgainSayingWhyTheLastOneFailed()
    {
        var (planner, specification, dataset) = await ArrangeAsync();
        var built = await planner.PlanAsync(specification, dataset, true, Token);
        await SetStatusAsync(built.CollectionId, CollectionStatus.Failed, "HTTP 500 from the embedding server");

        var plan = await planner.PlanAsync(specification, dataset, reuseExisting: true, Token);

        Assert.Equal(CollectionPlanOutcome.Rebuilding, plan.Outcome);
        Assert.Contains("the last build failed (HTTP 500 from the embedding server)", plan.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plan_ManyPlannersAtOnce_CreateOneCollectionAndOneBuild()
    {
        var (planner, specification, dataset) = await ArrangeAsync();

        var plans = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => planner.PlanAsync(specification, dataset, true, Token))));

        Assert.Single(plans.Select(p => p.CollectionId).Distinct());
        Assert.Single(plans, p => p.Outcome == CollectionPlanOutcome.Building);
        Assert.Equal(1, await JobsForAsync(plans[0].CollectionId));
    }

    [Fact]
    public async Task Plan_ModelRevisionChanged_BuildsANewCollectionAndSaysItDrifted()
    {
        var (planner, specification, dataset) = await ArrangeAsync();
        var old = await planner.PlanAsync(specification, dataset, true, Token);
        await SetStatusAsync(old.CollectionId, CollectionStatus.Ready);

        var plan = await planner.PlanAsync(specification with { ModelRevision = "sha256:new" }, dataset, reuseExisting: true, Token);

        Assert.Equal(CollectionPlanOutcome.Building, plan.Outcome);
        Assert.NotEqual(old.CollectionId, plan.CollectionId);
        Assert.Equal("the model's revision changed from sha256:old to sha256:new (drift): its ready collection is not reused", plan.Reason);
    }

    private async Task<(CollectionPlanner Planner, CollectionSpecification Specification, Guid Dataset)> ArrangeAsync()
    {
        await using var db = database.CreateContext();
        var dataset = TestData.Dataset();
        db.Datasets.Add(dataset);
        await db.SaveChangesAsync(Token);
        var specification = new CollectionSpecification(
            Guid.NewGuid().ToString("N") + Guid.NewGuid().ToString("N"), new ChunkingSettings(), "use-lite", "use-lite", "sha256:old", 512, true, null, "flat");
        return (Planners.For(new FixtureContextFactory(database)), specification, dataset.Id);
    }

    private async Task SetStatusAsync(Guid collection, CollectionStatus status, string? error = null)
    {
        await using var db = database.CreateContext();
        await db.Collections.Where(c => c.Id == collection)
            .ExecuteUpdateAsync(set => set.SetProperty(c => c.Status, status).SetProperty(c => c.Error, error), Token);
    }

    private async Task<int> JobsForAsync(Guid collection)
    {
        await using var db = database.CreateContext();
        return await db.Jobs.CountAsync(j => j.SubjectId == collection && j.Type == CollectionPlanner.BuildJobType, Token);
    }
}

public sealed class SqliteCollectionPlannerTests(SqliteDatabaseFixture database)
    : CollectionPlannerTests(database), IClassFixture<SqliteDatabaseFixture>;

public sealed class PostgresCollectionPlannerTests(PostgresDatabaseFixture database)
    : CollectionPlannerTests(database), IClassFixture<PostgresDatabaseFixture>;
