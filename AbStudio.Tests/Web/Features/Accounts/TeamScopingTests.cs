using AbStudio.Domain.AbTests.Definitions;
using AbStudio.Domain.Collections;
using AbStudio.Domain.Governance;
using AbStudio.Domain.Lifecycle;
using AbStudio.Domain.Persistence;
using AbStudio.Tests.Domain.Persistence;
using AbStudio.Tests.Web.Features.AbTests;
using AbStudio.Web.Api;
using AbStudio.Web.Features.AbTests;
using AbStudio.Web.Features.Accounts;
using AbStudio.Web.Features.Collections;
using AbStudio.Web.Features.Datasets;
using AbStudio.Web.Features.Exports;
using AbStudio.Web.Features.Jobs;
using AbStudio.Web.Features.Overview;
using AbStudio.Web.Features.Runs;
using AbStudio.Web.Realtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AbStudio.Tests.Web.Features.Accounts;

/// <summary>
/// Team ownership through the real services on a real database (docs/adr/0006): an engineer of one
/// team finds nothing of another team's (datasets, tests, runs, collections, jobs answer as missing,
/// lists and totals leave them out), an admin sees all, writes need a role that may write, collections
/// are reused within a team unless the dataset is shared, and only an admin shares. Service level with
/// explicit actors: the same answers the endpoints give once requests carry a signed-in user.
/// </summary>
public abstract class TeamScopingTests(DatabaseFixture database) : IAsyncLifetime
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private AbStudioWebFactory _factory = null!;

    public ValueTask InitializeAsync()
    {
        // Role web: starts plan collections and queue jobs, and nothing runs them, so rows stay put.
        _factory = TestRunTests.HostOn(database, ("Role", "web"));
        _ = _factory.Server;
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _factory.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task AnotherTeamsResources_AreNotFoundAndLeftOutOfListsAndTotals_WhileAdminSeesAll()
    {
        var (a, b) = (await TeamAsync("a"), await TeamAsync("b"));
        var alice = Engineer("alice", a);
        var bob = Engineer("bob", b);
        var datasetA = await UploadAsync(alice);
        var datasetB = await UploadAsync(bob);
        var testA = await CreateTestAsync(alice, datasetA.Id);
        var start = (await Tests.StartAsync(alice, testA, Token)).Require();
        var collectionA = start.Arms.Single(x => x.Arm == "hashing").Plan!.CollectionId;
        var jobA = await InDatabase(db => db.Jobs.Where(j => j.SubjectId == collectionA).Select(j => j.Id).SingleAsync(Token));

        // Each id of team A's answers bob as a missing one does.
        Assert.Null(await Datasets.GetAsync(bob, datasetA.Id, Token));
        Assert.Null(await Datasets.DocumentsAsync(bob, datasetA.Id, new PageQuery(), Token));
        Assert.Null(await Queries.DetailAsync(bob, testA, Token));
        Assert.Null(await Runs.GetAsync(bob, start.RunId, Token));
        Assert.Null(await Runs.AnalysisAsync(bob, start.RunId, Token));
        Assert.Null(await Collections.GetAsync(bob, collectionA, Token));
        Assert.Null(await Jobs.GetAsync(bob, jobA, Token));
        Assert.IsType<ExportAnswer.RunNotFound>(await Service<ExportsService>().PrepareAsync(bob, start.RunId, "json", null, Token));
        Assert.False(await Service<StatusSnapshots>().VisibleAsync(bob.Scope, "run", start.RunId, Token));
        Assert.Null(await Service<StatusSnapshots>().GetAsync(bob.Scope, "collection", collectionA, Token));

        // Writes on them too: not found, and nothing changes.
        Assert.Equal(RefusalKind.NotFound, (await Tests.StartAsync(bob, testA, Token)).Refusal?.Kind);
        Assert.Equal(RefusalKind.NotFound, (await Tests.CancelAsync(bob, testA, Token)).Refusal?.Kind);
        Assert.Equal(RefusalKind.NotFound, (await Tests.CloneAsync(bob, testA, null, "bob", Token)).Refusal?.Kind);
        Assert.Equal(RefusalKind.NotFound, (await Jobs.CancelAsync(bob, jobA, Token)).Refusal?.Kind);
        Assert.Equal(DeletionOutcome.NotFound, (await Tests.DeleteAsync(bob, testA, Token)).Outcome);
        Assert.Equal(DeletionOutcome.NotFound, (await Datasets.DeleteAsync(bob, datasetA.Id, Token)).Outcome);
        Assert.Equal(DeletionOutcome.NotFound, (await Collections.DeleteAsync(bob, collectionA, Token)).Outcome);
        Assert.True(await InDatabase(db => db.Tests.AnyAsync(t => t.Id == testA, Token)));

        // Lists hold only what bob's team sees, and their totals count only those.
        var bobsDatasets = await Datasets.ListAsync(bob, new PageQuery { PageSize = 100 }, Token);
        Assert.Contains(bobsDatasets.Items, d => d.Id == datasetB.Id);
        Assert.DoesNotContain(bobsDatasets.Items, d => d.Id == datasetA.Id);
        Assert.Equal(await InDatabase(db => db.Datasets.CountAsync(d => d.TeamId == b || d.Shared, Token)), bobsDatasets.Total);
        Assert.Equal(0, (await Queries.PageAsync(bob, null, new PageQuery(), Token)).Total);
        Assert.Equal(0, (await Queries.ListAsync(bob, 0, 20, Token)).Total);
        // Collections of a dataset another test of this class shared are everyone's: count what bob may see.
        var bobsCollections = await Collections.ListAsync(bob, null, new PageQuery { PageSize = 100 }, Token);
        Assert.DoesNotContain(bobsCollections.Items, c => c.Id == collectionA);
        Assert.Equal(await InDatabase(db => db.Collections.CountAsync(c => c.TeamId == b || c.Dataset!.Shared, Token)), bobsCollections.Total);
        var bobsJobs = await Jobs.ListAsync(bob, null, null, new PageQuery { PageSize = 100 }, Token);
        Assert.DoesNotContain(bobsJobs.Items, j => j.Id == jobA);
        Assert.Equal(bobsJobs.Items.Count, bobsJobs.Total);
        using (var scope = _factory.Services.CreateScope())
        {
            Assert.Equal(0, (await scope.ServiceProvider.GetRequiredService<OverviewService>().GetCountsAsync(bob, Token)).Tests);
        }

        Assert.DoesNotContain(await Queries.DatasetsAsync(bob, Token), d => d.Id == datasetA.Id);

        // Alice sees her own; an admin sees both teams'.
        var aliceJobs = await Jobs.ListAsync(alice, null, null, new PageQuery { PageSize = 100 }, Token);
        Assert.Contains(aliceJobs.Items, j => j.Id == jobA);
        Assert.Equal(1, (await Queries.PageAsync(alice, null, new PageQuery(), Token)).Total);
        Assert.NotNull(await Runs.GetAsync(alice, start.RunId, Token));
        Assert.NotNull(await Datasets.GetAsync(Admin, datasetA.Id, Token));
        Assert.NotNull(await Datasets.GetAsync(Admin, datasetB.Id, Token));
        Assert.NotNull(await Queries.DetailAsync(Admin, testA, Token));
        Assert.NotNull(await Collections.GetAsync(Admin, collectionA, Token));
        Assert.NotNull(await Jobs.GetAsync(Admin, jobA, Token));
        Assert.True(await Service<StatusSnapshots>().VisibleAsync(Admin.Scope, "run", start.RunId, Token));
    }

    [Fact]
    public async Task Writes_NeedARoleThatMayWrite_AndTheTeamMustBeTheActors()
    {
        var (a, b) = (await TeamAsync("a"), await TeamAsync("b"));
        var alice = Engineer("alice", a);
        var viewer = new Actor(Guid.NewGuid(), "vera", IsAdmin: false, CanWrite: false, CanRead: true, TeamScope.Of([a]));
        var dataset = await UploadAsync(alice);
        var test = await CreateTestAsync(alice, dataset.Id);

        Assert.NotNull(await Queries.DetailAsync(viewer, test, Token));
        Assert.Equal(RefusalKind.Forbidden, (await Tests.StartAsync(viewer, test, Token)).Refusal?.Kind);
        Assert.Equal(RefusalKind.Forbidden, (await Tests.CreateAsync(viewer, TestDefinitions.TwoArms(dataset.Id), "vera", cancellationToken: Token)).Refusal?.Kind);
        Assert.Equal(DeletionOutcome.Forbidden, (await Tests.DeleteAsync(viewer, test, Token)).Outcome);
        Assert.Equal(DeletionOutcome.Forbidden, (await Datasets.DeleteAsync(viewer, dataset.Id, Token)).Outcome);
        Assert.Equal(RefusalKind.Forbidden, (await Datasets.ImportAsync(viewer, DemoUpload(), Token)).Refusal?.Kind);

        // A team that is not alice's is no team to her, whether it exists or not; the field is named.
        var problem = await Assert.ThrowsAsync<DatasetUploadException>(() => Datasets.ImportAsync(alice, DemoUpload() with { Team = b.ToString() }, Token));
        Assert.Equal("team", problem.Field);
        var definition = await Assert.ThrowsAsync<TestDefinitionException>(
            () => Tests.CreateAsync(alice, TestDefinitions.TwoArms(dataset.Id), "alice", team: "no-such-team", cancellationToken: Token));
        Assert.Contains(definition.Problems, p => p.Path == "team");

        // Two teams: the upload has to say which, by name or id.
        var both = new Actor(Guid.NewGuid(), "tess", IsAdmin: false, CanWrite: true, CanRead: true, TeamScope.Of([a, b]));
        Assert.Equal("team", (await Assert.ThrowsAsync<DatasetUploadException>(() => Datasets.ImportAsync(both, DemoUpload(), Token))).Field);
        var named = (await Datasets.ImportAsync(both, DemoUpload() with { Team = await InDatabase(db => db.Teams.Where(t => t.Id == b).Select(t => t.Name).SingleAsync(Token)) }, Token)).Require();
        Assert.Equal(b, named.TeamId);

        // A test's dataset must be visible to the test's team.
        var bobsDataset = await UploadAsync(Engineer("bob", b));
        var elsewhere = await Assert.ThrowsAsync<TestDefinitionException>(
            () => Tests.CreateAsync(alice, TestDefinitions.TwoArms(bobsDataset.Id), "alice", cancellationToken: Token));
        Assert.Contains(elsewhere.Problems, p => p.Path == "dataset.id");
    }

    [Fact]
    public async Task Reuse_SameConfigurationInTwoTeams_BuildsTwoCollections_ButASharedDatasetsIsOne()
    {
        var (a, b) = (await TeamAsync("a"), await TeamAsync("b"));
        var alice = Engineer("alice", a);
        var bob = Engineer("bob", b);
        var aliceData = await UploadAsync(alice);
        var bobData = await UploadAsync(bob);
        Assert.Equal(aliceData.ContentHash, bobData.ContentHash);

        var first = await StartAsync(alice, aliceData.Id, dimensions: 72);
        var second = await StartAsync(bob, bobData.Id, dimensions: 72);

        Assert.NotEqual(first, second);
        Assert.Equal([a, b], [await TeamOfAsync(first), await TeamOfAsync(second)]);

        // Shared by an admin: bob's test on alice's dataset and alice's next test meet at one collection.
        Assert.Equal(RefusalKind.Forbidden, (await Datasets.ShareAsync(alice, aliceData.Id, shared: true, Token)).Refusal?.Kind);
        Assert.Equal(RefusalKind.NotFound, (await Datasets.ShareAsync(bob, aliceData.Id, shared: true, Token)).Refusal?.Kind);
        Assert.True((await Datasets.ShareAsync(Admin, aliceData.Id, shared: true, Token)).Require().Shared);
        Assert.NotNull(await Datasets.GetAsync(bob, aliceData.Id, Token));

        var bobsOnShared = await StartAsync(bob, aliceData.Id, dimensions: 72);
        var alicesOnShared = await StartAsync(alice, aliceData.Id, dimensions: 72);

        Assert.Equal(bobsOnShared, alicesOnShared);
        Assert.NotEqual(first, bobsOnShared);
        Assert.NotNull(await Collections.GetAsync(alice, bobsOnShared, Token));

        // The preview decides as the planner does: the shared collection is joined, not built again.
        var preview = await Service<AbStudio.Web.Features.AbTests.Designer.CollectionsPreview>().PreviewAsync(
            alice, TestDefinitionReader.Read(Definition(aliceData.Id, "preview", 72)), aliceData.Id, cancellationToken: Token);
        Assert.Equal(
            await InDatabase(db => db.Collections.Where(c => c.Id == bobsOnShared).Select(c => c.Fingerprint).SingleAsync(Token)),
            preview!.Arms.Single().Fingerprint);
    }

    [Fact]
    public void Fingerprint_WithoutAReuseScope_IsTheOneStoredBeforeTeams()
    {
        var specification = new CollectionSpecification("ab", new(), "hashing", "m", "r", 8, Normalized: true, null, "flat");

        Assert.DoesNotContain("reuse", CollectionFingerprint.CanonicalJson(specification), StringComparison.Ordinal);
        Assert.Equal(
            """{"chunking":{"strategy":"none"},"dataset":"ab","dimensions":8,"document_prefix":"","index_kind":"flat","model":"m","model_revision":"r","normalized":true,"provider":"hashing","reuse":"shared"}""",
            CollectionFingerprint.CanonicalJson(specification with { Reuse = CollectionReuse.Shared }));
        Assert.Equal(
            specification with { Reuse = "team:x" },
            CollectionSpecification.FromCanonicalJson(CollectionFingerprint.CanonicalJson(specification with { Reuse = "team:x" })));
    }

    private static Actor Admin { get; } = new(Guid.NewGuid(), "root", IsAdmin: true, CanWrite: true, CanRead: true, TeamScope.Everything);

    private DatasetsService Datasets => Service<DatasetsService>();

    private TestsService Tests => Service<TestsService>();

    private TestsQueries Queries => Service<TestsQueries>();

    private RunsService Runs => Service<RunsService>();

    private CollectionsService Collections => Service<CollectionsService>();

    private JobsService Jobs => Service<JobsService>();

    private static Actor Engineer(string name, Guid team) =>
        new(Guid.NewGuid(), name, IsAdmin: false, CanWrite: true, CanRead: true, TeamScope.Of([team]));

    private static string Definition(Guid datasetId, string name, int dimensions) => $$"""
        { "name": "{{name}}", "dataset": { "id": "{{datasetId}}" }, "k": [1, 10],
          "arms": [ { "name": "bm25", "retrieval": { "mode": "lexical" } },
                    { "name": "hashing", "embedding": { "provider": "hashing", "dimensions": {{dimensions}} }, "retrieval": { "mode": "vector" } } ] }
        """;

    /// <summary>The demo dataset's files as a console upload sends them (each named by its path in the dataset).</summary>
    private static DatasetUpload DemoUpload()
    {
        var root = DemoDatasetSeeder.DemoPath;
        var files = Directory.GetFiles(root, "*", SearchOption.AllDirectories)
            .Where(f => !f.EndsWith("README.md", StringComparison.Ordinal))
            .Select(f => new UploadedFile(Path.GetRelativePath(root, f).Replace('\\', '/'), () => File.OpenRead(f)))
            .ToList();
        return new DatasetUpload(files, Name: $"demo {Guid.NewGuid():N}", CreatedBy: "test");
    }

    private T Service<T>()
        where T : notnull => _factory.Services.GetRequiredService<T>();

    private async Task<DatasetDetail> UploadAsync(Actor actor) => (await Datasets.ImportAsync(actor, DemoUpload(), Token)).Require();

    private async Task<Guid> CreateTestAsync(Actor actor, Guid datasetId) =>
        (await Tests.CreateAsync(actor, TestDefinitions.TwoArms(datasetId, $"test {Guid.NewGuid():N}", dimensions: 40), actor.Name, cancellationToken: Token)).Require().Id;

    /// <summary>Creates and starts a one-arm test; returns the collection its arm was planned on.</summary>
    private async Task<Guid> StartAsync(Actor actor, Guid datasetId, int dimensions)
    {
        var test = (await Tests.CreateAsync(actor, Definition(datasetId, $"reuse {Guid.NewGuid():N}", dimensions), actor.Name, cancellationToken: Token)).Require();
        return (await Tests.StartAsync(actor, test.Id, Token)).Require().Arms.Single(a => a.Arm == "hashing").Plan!.CollectionId;
    }

    private Task<Guid> TeamOfAsync(Guid collectionId) => InDatabase(db => db.Collections.Where(c => c.Id == collectionId).Select(c => c.TeamId).SingleAsync(Token));

    private async Task<Guid> TeamAsync(string name)
    {
        var team = new Team { Name = $"{name}-{Guid.NewGuid():N}" };
        await using var db = await _factory.Services.GetRequiredService<IDbContextFactory<AbStudioDbContext>>().CreateDbContextAsync(Token);
        db.Teams.Add(team);
        await db.SaveChangesAsync(Token);
        return team.Id;
    }

    private async Task<T> InDatabase<T>(Func<AbStudioDbContext, Task<T>> query)
    {
        await using var db = await _factory.Services.GetRequiredService<IDbContextFactory<AbStudioDbContext>>().CreateDbContextAsync(Token);
        return await query(db);
    }
}

public sealed class SqliteTeamScopingTests(SqliteDatabaseFixture database)
    : TeamScopingTests(database), IClassFixture<SqliteDatabaseFixture>;

public sealed class PostgresTeamScopingTests(PostgresDatabaseFixture database)
    : TeamScopingTests(database), IClassFixture<PostgresDatabaseFixture>;
