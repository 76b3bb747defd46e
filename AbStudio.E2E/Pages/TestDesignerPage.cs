using Microsoft.Playwright;

namespace AbStudio.E2E.Pages;

/// <summary>Page object for the test designer (/tests/new). Fields are found by their definition path.</summary>
public sealed class TestDesignerPage(IPage page)
{
    public IPage Page { get; } = page;

    public ILocator Field(string path) => Page.Locator($"[data-field='{path}']");

    public ILocator PreviewButton => Page.GetByRole(AriaRole.Button, new() { Name = "Preview collections" });

    public ILocator CreateAndStartButton => Page.GetByRole(AriaRole.Button, new() { Name = "Create and start" });

    public ILocator Preview => Page.Locator(".abstudio-collections-preview");

    public Task FillAsync(string path, string value) => Field(path).FillAsync(value);

    /// <summary>Opens a MudSelect by its path and picks the option with this text.</summary>
    public async Task SelectAsync(string path, string option)
    {
        await Field(path).ClickAsync();
        await Page.Locator(".mud-popover-open").GetByText(option, new() { Exact = true }).ClickAsync();
        await Page.Locator(".mud-popover-open").WaitForAsync(new() { State = WaitForSelectorState.Detached });
    }
}
