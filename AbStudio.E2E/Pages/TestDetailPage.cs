using Microsoft.Playwright;

namespace AbStudio.E2E.Pages;

/// <summary>Page object for a test's live detail page (/tests/{id}).</summary>
public sealed class TestDetailPage(IPage page)
{
    public IPage Page { get; } = page;

    public ILocator TestStatus(string status) => Page.Locator($".abstudio-test-status [data-status='{status}']");

    public ILocator Arm(string name) => Page.Locator($".abstudio-arm-card[data-arm='{name}']");

    public ILocator ResultsLink => Page.GetByRole(AriaRole.Link, new() { Name = "View results" });
}
