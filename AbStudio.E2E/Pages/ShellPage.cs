using Microsoft.Playwright;

namespace AbStudio.E2E.Pages;

/// <summary>Page object for the console's shell: app bar, navigation and theme switch.</summary>
public sealed class ShellPage(IPage page)
{
    public IPage Page { get; } = page;

    public ILocator Heading => Page.GetByRole(AriaRole.Heading, new() { Level = 1 });

    public ILocator DarkThemeButton => Page.GetByRole(AriaRole.Button, new() { Name = "Switch to dark theme" });

    public ILocator LightThemeButton => Page.GetByRole(AriaRole.Button, new() { Name = "Switch to light theme" });

    /// <summary>A link in the navigation drawer (breadcrumbs on the page may carry the same name).</summary>
    public ILocator NavLink(string name) => Page.Locator(".mud-drawer").GetByRole(AriaRole.Link, new() { Name = name, Exact = true });

    /// <summary>Waits until the interactive circuit is up, so clicks reach the server.</summary>
    public Task WaitForInteractiveAsync() =>
        Page.Locator(".mud-layout[data-interactive='true']").WaitForAsync();

    public Task ScreenshotAsync(string name) =>
        Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Support.AppHostFixture.ScreenshotDirectory, name + ".png"), FullPage = true });

    /// <summary>What a laptop screen shows (the README's pictures), from the top of the page.</summary>
    public async Task ScreenScreenshotAsync(string name)
    {
        await Page.EvaluateAsync("() => window.scrollTo(0, 0)");
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Support.AppHostFixture.ScreenshotDirectory, name + ".png") });
    }
}
