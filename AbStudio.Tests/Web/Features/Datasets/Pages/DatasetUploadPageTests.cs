using AbStudio.Domain.Persistence;
using AbStudio.Tests.Web.Features.AbTests;
using AbStudio.Web.Features.Datasets;
using AbStudio.Web.Features.Datasets.Pages;
using Bunit;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AbStudio.Tests.Web.Features.Datasets.Pages;

/// <summary>The upload page against the real host's dataset service on a fresh SQLite database.</summary>
public sealed class DatasetUploadPageTests : MudBlazorContext
{
    private readonly AbStudioWebFactory _host = new(new Dictionary<string, string> { ["Role"] = "web" });

    private static CancellationToken Token => Xunit.TestContext.Current.CancellationToken;

    [Fact]
    public async Task Upload_MalformedBeirFiles_ShowsEachImportErrorOnItsOwnRowAndStoresNothing()
    {
        await DemoDataset.FindAsync(_host);
        Services.AddSingleton(_host.Services.GetRequiredService<DatasetsService>());
        Services.AddSingleton(_host.Services.GetRequiredService<DatasetUploadLimits>());
        var cut = Render<DatasetUploadPage>();

        cut.FindComponent<InputFile>().UploadFiles(
            InputFileContent.CreateFromText("{\"_id\": \"d1\", \"text\": \"fine\"}\nnot json at all\n{\"_id\": \"d3\", \"text\": \"fine too\"}\n", "corpus.jsonl"),
            InputFileContent.CreateFromText("{\"_id\": \"q1\", \"text\": \"a question\"}\n", "queries.jsonl"),
            InputFileContent.CreateFromText("query-id\tcorpus-id\tscore\nq1\td1\t1\nq1\td3\tvery\n", "test.tsv"));
        cut.WaitForAssertion(() => Assert.Contains("qrels/test.tsv", cut.Find(".abstudio-upload-files").TextContent, StringComparison.Ordinal));
        cut.FindAll("button").First(b => b.TextContent.Trim() == "Upload and import").Click();

        cut.WaitForElement(".abstudio-import-errors", TimeSpan.FromSeconds(20));
        var rows = cut.FindAll("tr.abstudio-import-error").Select(r => r.Children.Select(c => c.TextContent.Trim()).ToArray()).ToList();
        Assert.Contains(rows, r => r[0] == "corpus.jsonl" && r[1] == "2");
        Assert.Contains(rows, r => r[0] == "qrels/test.tsv" && r[1] == "3");
        Assert.All(rows, r => Assert.False(string.IsNullOrWhiteSpace(r[3])));
        Assert.Contains("Nothing was stored", cut.Markup, StringComparison.Ordinal);
        await using var db = await _host.Services.GetRequiredService<IDbContextFactory<AbStudioDbContext>>().CreateDbContextAsync(Token);
        Assert.Equal(DemoDatasetSeeder.Name, Assert.Single(await db.Datasets.Select(d => d.Name).ToListAsync(Token)));
    }

    protected override async ValueTask DisposeAsyncCore()
    {
        await base.DisposeAsyncCore();
        await _host.DisposeAsync();
    }
}
