using System.Text.RegularExpressions;
using AbStudio.E2E.Pages;
using AbStudio.E2E.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AbStudio.E2E;

public sealed class TestConsoleTests(AppHostFixture host)
{
    [Fact]
    public async Task Designer_TwoArmTestOnTheDemoDataset_CreatesStartsAndCompletesLiveOnItsPage()
    {
        var shell = new ShellPage(await host.OpenAsync("/tests/new"));
        await shell.WaitForInteractiveAsync();
        var designer = new TestDesignerPage(shell.Page);

        await designer.FillAsync("name", "bm25 vs hashing");
        await designer.FillAsync("arms[1].name", "hashing");
        await designer.SelectAsync("arms[1].embedding.provider", "hashing");

        // Its own size: the results test on the same host builds a default hashing collection, and
        // whichever ran first would otherwise make the other's preview say "reused".
        await designer.FillAsync("arms[1].embedding.dimensions", "320");
        await designer.PreviewButton.ClickAsync();
        await Expect(designer.Preview.Locator("tr[data-arm='hashing']")).ToContainTextAsync("built");
        await Expect(designer.Preview.GetByText(new Regex(@"^hashing: [\d,]+ chunks to embed"))).ToBeVisibleAsync();
        await shell.ScreenshotAsync("test-designer");
        await designer.CreateAndStartButton.ClickAsync();

        await shell.Page.WaitForURLAsync(new Regex(@"/tests/[0-9a-f-]{36}$"));
        var detail = new TestDetailPage(shell.Page);
        await Expect(shell.Heading).ToHaveTextAsync("bm25 vs hashing");
        // A marker that a reload would wipe: the page must reach "completed" through live updates alone.
        await shell.Page.EvaluateAsync("() => window.abstudioNoReload = true");
        await Expect(detail.TestStatus("completed")).ToBeVisibleAsync(new() { Timeout = 90_000 });
        await Expect(detail.ResultsLink).ToBeVisibleAsync();
        await Expect(detail.Arm("hashing")).ToContainTextAsync("ready");
        Assert.True(await shell.Page.EvaluateAsync<bool>("() => window.abstudioNoReload === true"));
        await shell.ScreenshotAsync("test-detail");
        await shell.ScreenScreenshotAsync("screen-test-detail");
        await shell.DarkThemeButton.ClickAsync();
        await shell.ScreenshotAsync("test-detail-dark");

        await shell.NavLink("Tests").ClickAsync();
        await Expect(shell.Heading).ToHaveTextAsync("A/B tests");
        await Expect(shell.Page.Locator(".abstudio-tests-table").GetByRole(AriaRole.Link, new() { Name = "bm25 vs hashing" })).ToBeVisibleAsync();
        await shell.ScreenshotAsync("tests-list-dark");

        // The hashing arm's collection and the jobs that built it and ran the test, from the navigation.
        await shell.NavLink("Collections").ClickAsync();
        var collection = shell.Page.Locator(".abstudio-collections-table").GetByRole(AriaRole.Row).Filter(new() { HasText = "hashing" }).Filter(new() { HasText = "320 dims" });
        await Expect(collection).ToContainTextAsync("ready");
        await shell.ScreenshotAsync("collections-dark");
        await collection.GetByRole(AriaRole.Link).First.ClickAsync();
        await Expect(shell.Heading).ToContainTextAsync("Collection");
        await Expect(shell.Page.Locator(".abstudio-collection-users")).ToContainTextAsync("bm25 vs hashing");
        await shell.ScreenshotAsync("collection-detail-dark");
        await shell.NavLink("Jobs").ClickAsync();
        var build = shell.Page.Locator(".abstudio-jobs-table").GetByRole(AriaRole.Link, new() { Name = "BuildCollection" }).First;
        await Expect(build).ToBeVisibleAsync();
        await shell.ScreenshotAsync("jobs-dark");
        await build.ClickAsync();
        await Expect(shell.Page.Locator(".abstudio-job-attempts")).ToContainTextAsync("succeeded");
        await shell.ScreenshotAsync("job-detail-dark");

        await shell.NavLink("Dashboard").ClickAsync();
        await Expect(shell.Page.Locator(".abstudio-recent-tests").GetByRole(AriaRole.Link, new() { Name = "bm25 vs hashing" })).ToBeVisibleAsync();
        await shell.ScreenshotAsync("dashboard-with-tests-dark");
    }
}
