using Microsoft.Playwright;

namespace AbStudio.E2E.Pages;

/// <summary>Page object for the datasets list, the upload page and a dataset's detail page.</summary>
public sealed class DatasetPages(IPage page)
{
    public IPage Page { get; } = page;

    public ILocator FileInput => Page.Locator("input[type='file']");

    public ILocator Field(string name) => Page.Locator($"input[data-field='{name}']");

    public ILocator UploadButton => Page.GetByRole(AriaRole.Button, new() { Name = "Upload and import" });

    public ILocator List => Page.Locator(".abstudio-datasets-table");

    public ILocator Tab(string name) => Page.GetByRole(AriaRole.Tab, new() { Name = name });

    public ILocator Documents => Page.Locator(".abstudio-documents-table");

    public ILocator Queries => Page.Locator(".abstudio-queries-table");
}
