using AbStudio.Domain.Persistence;
using AbStudio.Web.Features.AbTests;
using AbStudio.Web.Features.AbTests.Designer;
using AbStudio.Web.Features.AbTests.Pages;
using AngleSharp.Dom;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AbStudio.Tests.Web.Features.AbTests.Pages;

/// <summary>The designer against the real host's services on a fresh SQLite database (the demo dataset seeded).</summary>
public sealed class NewTestPageTests : MudBlazorContext
{
    // A web-role host runs no jobs: starting a test plans and queues, nothing builds behind the test's back.
    private readonly AbStudioWebFactory _host = new(new Dictionary<string, string> { ["Role"] = "web" });

    private static CancellationToken Token => Xunit.TestContext.Current.CancellationToken;

    [Fact]
    public async Task CreateAndStart_InvalidFields_ShowsEachProblemAtItsFieldAndCreatesNothing()
    {
        await DemoDataset.FindAsync(_host);
        UseHostServices();
        var cut = Render<NewTestPage>();
        cut.WaitForElement("input[data-field='name']");

        cut.Find("input[data-field='arms[0].name']").Change("two words");
        cut.Find("input[data-field='k']").Change("1, ten");
        Settle(cut);
        Button(cut, "Create and start").Click();

        cut.WaitForAssertion(() =>
        {
            Assert.Contains("give the test a name", ProblemAt(cut, "name"), StringComparison.Ordinal);
            Assert.Contains("without spaces or '/'", ProblemAt(cut, "arms[0].name"), StringComparison.Ordinal);
            Assert.Contains("cannot read 'ten'", ProblemAt(cut, "k"), StringComparison.Ordinal);
            Assert.Contains("3 problems to fix", cut.Find(".abstudio-design-problems").TextContent, StringComparison.Ordinal);
        });
        await using var db = await Contexts().CreateDbContextAsync(Token);
        Assert.Equal(0, await db.Tests.CountAsync(Token));

        cut.Find("input[data-field='name']").Change("fixed");
        cut.WaitForAssertion(() => Assert.Equal("false", cut.Find("input[data-field='name']").GetAttribute("aria-invalid")));
    }

    [Fact]
    public async Task CreateAndStart_ImportedValidDefinition_StoresAndStartsTheTestAndOpensItsPage()
    {
        var (datasetId, _) = await DemoDataset.FindAsync(_host);
        UseHostServices();
        var cut = Render<NewTestPage>();
        cut.WaitForElement("input[data-field='name']");

        Button(cut, "Import definition JSON").Click();
        cut.Find("textarea[data-field='definition-json']").Change("""
            { "name": "bunit: bm25 vs hashing", "dataset": { "split": "test" }, "k": [1, 10],
              "arms": [ { "name": "bm25", "retrieval": { "mode": "lexical" } },
                        { "name": "hashing", "embedding": { "provider": "hashing", "dimensions": 48 }, "retrieval": { "mode": "vector" } } ] }
            """);
        Button(cut, "Import").Click();
        cut.WaitForAssertion(() => Assert.Equal("bunit: bm25 vs hashing", cut.Find("input[data-field='name']").GetAttribute("value")));
        Button(cut, "Create and start").Click();

        var navigation = Services.GetRequiredService<NavigationManager>();
        cut.WaitForAssertion(() => Assert.Matches(@"/tests/[0-9a-f-]{36}$", navigation.Uri), TimeSpan.FromSeconds(20));
        await using var db = await Contexts().CreateDbContextAsync(Token);
        var test = await db.Tests.Include(t => t.Arms).Include(t => t.Runs).SingleAsync(Token);
        Assert.EndsWith($"/tests/{test.Id}", navigation.Uri, StringComparison.Ordinal);
        Assert.Equal(("bunit: bm25 vs hashing", datasetId), (test.Name, test.DatasetId));
        Assert.Equal(["bm25", "hashing"], test.Arms.OrderBy(a => a.Ordinal).Select(a => a.Name));
        Assert.Single(test.Runs);
        Assert.Equal(datasetId, test.Definition.Dataset.Id);
    }

    [Fact]
    public async Task CreateAndStart_ImportedTtlCleanup_ShowsTheTtlFieldAndStoresThePolicy()
    {
        await DemoDataset.FindAsync(_host);
        UseHostServices();
        var cut = Render<NewTestPage>();
        cut.WaitForElement("input[data-field='name']");
        Assert.Empty(cut.FindAll("input[data-field='cleanup.ttl']"));

        Button(cut, "Import definition JSON").Click();
        cut.Find("textarea[data-field='definition-json']").Change("""
            { "name": "bunit: cleanup ttl", "dataset": { "split": "test" }, "k": [1, 10],
              "cleanup": { "policy": "ttl", "ttl": "2.00:00:00" },
              "arms": [ { "name": "bm25", "retrieval": { "mode": "lexical" } },
                        { "name": "bm25b", "retrieval": { "mode": "lexical", "bm25": { "k1": 1.2 } } } ] }
            """);
        Button(cut, "Import").Click();
        cut.WaitForAssertion(() => Assert.Equal("2.00:00:00", cut.Find("input[data-field='cleanup.ttl']").GetAttribute("value")), TimeSpan.FromSeconds(10));
        cut.Find("input[data-field='cleanup.ttl']").Change("3.00:00:00");
        Settle(cut);
        Button(cut, "Create and start").Click();

        var navigation = Services.GetRequiredService<NavigationManager>();
        cut.WaitForAssertion(() => Assert.Matches(@"/tests/[0-9a-f-]{36}$", navigation.Uri), TimeSpan.FromSeconds(20));
        await using var db = await Contexts().CreateDbContextAsync(Token);
        var test = await db.Tests.SingleAsync(Token);
        Assert.Equal((AbStudio.Domain.AbTests.CleanupPolicy.Ttl, TimeSpan.FromDays(3)), (test.Cleanup, test.CollectionTtl));
    }

    /// <summary>The page's services, taken from the real host (so the same database, planner and queue).</summary>
    private void UseHostServices()
    {
        Services.AddSingleton(_host.Services.GetRequiredService<TestsQueries>());
        Services.AddSingleton(_host.Services.GetRequiredService<TestsService>());
        Services.AddSingleton(_host.Services.GetRequiredService<CollectionsPreview>());
    }

    private IDbContextFactory<AbStudioDbContext> Contexts() => _host.Services.GetRequiredService<IDbContextFactory<AbStudioDbContext>>();

    /// <summary>
    /// Waits until the page stops re-rendering (MudForm re-evaluates its fields on a timer after a
    /// change): a button found before such a render has a stale handler id, and the click is lost.
    /// </summary>
    private static void Settle(IRenderedComponent<NewTestPage> cut)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        int before;
        do
        {
            before = cut.RenderCount;
            Thread.Sleep(200);
        }
        while (cut.RenderCount != before && DateTime.UtcNow < deadline);
    }

    private static IElement Button(IRenderedComponent<NewTestPage> cut, string text) =>
        cut.FindAll("button").First(b => b.TextContent.Trim() == text);

    /// <summary>The text under a field (MudBlazor's helper line shows the error text there).</summary>
    private static string ProblemAt(IRenderedComponent<NewTestPage> cut, string path)
    {
        var input = cut.Find($"input[data-field='{path}']");
        Assert.Equal("true", input.GetAttribute("aria-invalid"));
        return input.Closest(".mud-input-control")!.TextContent;
    }

    protected override async ValueTask DisposeAsyncCore()
    {
        await base.DisposeAsyncCore();
        await _host.DisposeAsync();
    }
}
