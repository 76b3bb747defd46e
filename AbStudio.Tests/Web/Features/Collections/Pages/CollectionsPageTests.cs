using AbStudio.Domain.AbTests;
using AbStudio.Domain.Collections;
using AbStudio.Domain.Persistence;
using AbStudio.Tests.Web.Features.AbTests;
using AbStudio.Web.Components.Shared;
using AbStudio.Web.Features.Collections;
using AbStudio.Web.Features.Collections.Pages;
using AbStudio.Web.Realtime;
using AngleSharp.Dom;
using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace AbStudio.Tests.Web.Features.Collections.Pages;

/// <summary>The collections list against the real host's services on a fresh SQLite database.</summary>
public sealed class CollectionsPageTests : MudBlazorContext
{
    private readonly AbStudioWebFactory _host = new(new Dictionary<string, string> { ["Role"] = "web" });

    private static CancellationToken Token => Xunit.TestContext.Current.CancellationToken;

    [Fact]
    public async Task Delete_CollectionARunningTestUses_IsRefusedWithTheReasonAndKeepsIt()
    {
        var collection = await SeedCollectionAsync(AbTestStatus.Running, "live test");
        var (dialogs, cut) = RenderPage();

        await ConfirmDeleteAsync(dialogs, cut, collection);

        var snackbar = Services.GetRequiredService<ISnackbar>();
        cut.WaitForAssertion(() => Assert.Contains(snackbar.ShownSnackbars,
            s => s.Message != null && s.Message.Contains("was not deleted", StringComparison.Ordinal) && s.Message.Contains("'live test'", StringComparison.Ordinal)));
        Assert.True(await ExistsAsync(collection.Id));
        Assert.NotEmpty(cut.FindAll($"a[href='collections/{collection.Id}']"));
    }

    [Fact]
    public async Task Delete_CollectionOnlyAFinishedTestUsed_DeletesItAndTheRowGoes()
    {
        var collection = await SeedCollectionAsync(AbTestStatus.Completed, "old test");
        var (dialogs, cut) = RenderPage();

        await ConfirmDeleteAsync(dialogs, cut, collection);

        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll($"a[href='collections/{collection.Id}']")), TimeSpan.FromSeconds(10));
        Assert.False(await ExistsAsync(collection.Id));
        Assert.Contains(Services.GetRequiredService<ISnackbar>().ShownSnackbars, s => s.Message != null && s.Message.StartsWith("Deleted", StringComparison.Ordinal));
    }

    private (IRenderedComponent<MudDialogProvider> Dialogs, IRenderedComponent<CollectionsPage> Page) RenderPage()
    {
        Services.AddSingleton(_host.Services.GetRequiredService<CollectionsQueries>());
        Services.AddSingleton(_host.Services.GetRequiredService<CollectionsService>());
        Services.AddSingleton(_host.Services.GetRequiredService<StatusNotifier>());
        Services.AddScoped<DeletionPrompt>();
        var dialogs = Render<MudDialogProvider>();
        return (dialogs, Render<CollectionsPage>());
    }

    private static async Task ConfirmDeleteAsync(IRenderedComponent<MudDialogProvider> dialogs, IRenderedComponent<CollectionsPage> cut, Collection collection)
    {
        var label = $"Delete collection {DisplayText.ShortHash(collection.Fingerprint)}";
        cut.WaitForElement($"button[aria-label='{label}']").Click();
        dialogs.WaitForAssertion(() => Assert.Contains("Delete collection?", dialogs.Markup, StringComparison.Ordinal));
        await dialogs.InvokeAsync(() => Button(dialogs.FindAll("button"), "Delete").Click());
    }

    private static IElement Button(IEnumerable<IElement> buttons, string text) => buttons.First(b => b.TextContent.Trim() == text);

    private async Task<Collection> SeedCollectionAsync(AbTestStatus testStatus, string testName)
    {
        var (datasetId, _) = await DemoDataset.FindAsync(_host);
        var collection = new Collection
        {
            Fingerprint = Guid.NewGuid().ToString("N") + Guid.NewGuid().ToString("N"),
            DatasetId = datasetId,
            ConfigurationJson = """{"embedding":{"provider":"hashing","dimensions":48}}""",
            Provider = "hashing",
            Dimensions = 48,
            Status = CollectionStatus.Ready,
            ChunksDone = 10,
            ChunksTotal = 10,
            SizeBytes = 4_096,
        };
        var test = new AbTest { Name = testName, DatasetId = datasetId, Definition = TestDefinitions.Stored(testName, datasetId), Status = testStatus };
        test.Arms.Add(new Arm
        {
            Name = "hashing",
            RetrievalMode = RetrievalMode.Vector,
            ConfigurationJson = "{}",
            CollectionId = collection.Id,
            CollectionFingerprint = collection.Fingerprint,
        });
        await using var db = await Contexts().CreateDbContextAsync(Token);
        db.Collections.Add(collection);
        db.Tests.Add(test);
        await db.SaveChangesAsync(Token);
        return collection;
    }

    private async Task<bool> ExistsAsync(Guid id)
    {
        await using var db = await Contexts().CreateDbContextAsync(Token);
        return await db.Collections.AnyAsync(c => c.Id == id, Token);
    }

    private IDbContextFactory<AbStudioDbContext> Contexts() => _host.Services.GetRequiredService<IDbContextFactory<AbStudioDbContext>>();

    protected override async ValueTask DisposeAsyncCore()
    {
        await base.DisposeAsyncCore();
        await _host.DisposeAsync();
    }
}
