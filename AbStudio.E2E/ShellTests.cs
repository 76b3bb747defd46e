using System.Net;
using System.Text.RegularExpressions;
using AbStudio.E2E.Pages;
using AbStudio.E2E.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AbStudio.E2E;

public sealed class ShellTests(AppHostFixture host)
{
    [Fact]
    public async Task Dashboard_FirstStart_RendersShellHeadingCountsAndQuickLinks()
    {
        var shell = new ShellPage(await host.OpenAsync("/"));

        await Expect(shell.Heading).ToHaveTextAsync("Dashboard");
        await Expect(shell.Page.GetByText("AbStudio", new() { Exact = true })).ToBeVisibleAsync();
        await Expect(shell.Page.GetByLabel(new Regex(@"^Datasets: \d+$"))).ToBeVisibleAsync();
        await Expect(shell.Page.GetByLabel(new Regex(@"^Queue depth: \d+$"))).ToBeVisibleAsync();
        await Expect(shell.Page.GetByRole(AriaRole.Heading, new() { Name = "Running and recent tests" })).ToBeVisibleAsync();
        await Expect(shell.Page.GetByRole(AriaRole.Link, new() { Name = "Upload dataset" })).ToBeVisibleAsync();
        foreach (var area in new[] { "Dashboard", "Datasets", "Tests", "Collections", "Jobs" })
        {
            await Expect(shell.NavLink(area)).ToBeVisibleAsync();
        }

        await shell.ScreenshotAsync("dashboard");
    }

    [Fact]
    public async Task ThemeSwitch_Clicked_TurnsTheConsoleDarkAndBack()
    {
        var shell = new ShellPage(await host.OpenAsync("/"));
        await shell.WaitForInteractiveAsync();

        await shell.DarkThemeButton.ClickAsync();

        await Expect(shell.LightThemeButton).ToBeVisibleAsync();
        var background = await shell.Page.EvaluateAsync<string>("() => getComputedStyle(document.querySelector('.mud-layout')).backgroundColor");
        Assert.NotEqual("rgb(255, 255, 255)", background);
        await shell.ScreenshotAsync("dashboard-dark");
        await shell.LightThemeButton.ClickAsync();
        await Expect(shell.DarkThemeButton).ToBeVisibleAsync();
    }

    [Fact]
    public async Task SystemPage_ReachedFromNavigation_ShowsTheDatabaseAndAnUpToDateSchema()
    {
        var shell = new ShellPage(await host.OpenAsync("/"));
        await shell.WaitForInteractiveAsync();

        await shell.NavLink("System").ClickAsync();

        await Expect(shell.Heading).ToHaveTextAsync("System");
        await Expect(shell.Page.GetByText("up to date")).ToBeVisibleAsync();
        await Expect(shell.Page.GetByText($"SQLite at {Path.Combine(host.DataDirectory, "abstudio.db")}")).ToBeVisibleAsync();
        await shell.ScreenshotAsync("system");
    }

    [Fact]
    public async Task WwwrootAssets_EveryFile_IsServedWithStatus200()
    {
        var assets = Path.Combine(AppHostFixture.RepositoryRoot(), "wwwroot-assets");
        var files = Directory.EnumerateFiles(assets, "*", SearchOption.AllDirectories).ToList();
        Assert.NotEmpty(files);
        using var client = new HttpClient { BaseAddress = host.BaseAddress };

        foreach (var file in files)
        {
            var path = Path.GetRelativePath(assets, file).Replace(Path.DirectorySeparatorChar, '/');
            using var response = await client.GetAsync(new Uri(path, UriKind.Relative), TestContext.Current.CancellationToken);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path} answered {(int)response.StatusCode}");
        }
    }

    [Fact]
    public async Task Overview_Stylesheets_AllLoadWithoutFailedRequests()
    {
        var failed = new List<string>();
        var context = await host.NewContextAsync();
        var page = await context.NewPageAsync();
        var blocked = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                blocked.Add(message.Text);
            }
        };
        page.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                failed.Add($"{response.Status} {response.Url}");
            }
        };

        await page.GotoAsync("/", new PageGotoOptions { WaitUntil = WaitUntilState.NetworkIdle });

        Assert.Empty(failed);
        Assert.Empty(blocked);
        await context.DisposeAsync();
    }
}
