using System.IO.Compression;
using System.Text.Json;
using System.Text.RegularExpressions;
using AbStudio.E2E.Pages;
using AbStudio.E2E.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AbStudio.E2E;

public sealed class DatasetConsoleTests(AppHostFixture host)
{
    // Picked one by one, as a browser gives them: test.tsv without its qrels/ folder.
    private static readonly string[] BeirFiles = ["corpus.jsonl", "queries.jsonl", "test.tsv"];

    // shared/ beside the repository, as the conformance tests find it (ABSTUDIO_SHARED_DIR wins).
    private static readonly string SciFact = Path.Combine(
        Environment.GetEnvironmentVariable("ABSTUDIO_SHARED_DIR") ?? Path.Combine(AppHostFixture.RepositoryRoot(), "..", "shared"), "datasets", "scifact");

    [Fact]
    public async Task Upload_SmallBeirDataset_AppearsInTheListAndItsDocumentsCanBeBrowsed()
    {
        var folder = await SmallSciFactAsync(judgments: 4, extraDocuments: 8);
        var shell = new ShellPage(await host.OpenAsync("/datasets"));
        await shell.WaitForInteractiveAsync();
        var datasets = new DatasetPages(shell.Page);
        await Expect(shell.Heading).ToHaveTextAsync("Datasets");
        await shell.Page.GetByRole(AriaRole.Link, new() { Name = "Upload dataset" }).ClickAsync();
        await Expect(shell.Heading).ToHaveTextAsync("Upload a dataset");

        await datasets.FileInput.SetInputFilesAsync(BeirFiles.Select(f => Path.Combine(folder, f)));
        await Expect(shell.Page.GetByText("qrels/test.tsv")).ToBeVisibleAsync();
        await datasets.Field("name").FillAsync("scifact mini (e2e)");
        await datasets.Field("name").PressAsync("Tab");
        await Expect(datasets.UploadButton).ToBeEnabledAsync();
        await shell.Page.WaitForTimeoutAsync(400); // the field's label finishes moving up before the picture
        await shell.ScreenshotAsync("dataset-upload");
        await datasets.UploadButton.ClickAsync();

        await shell.Page.WaitForURLAsync(new Regex(@"/datasets/[0-9a-f-]{36}$"));
        await Expect(shell.Heading).ToHaveTextAsync("scifact mini (e2e)");
        await shell.NavLink("Datasets").ClickAsync();
        await Expect(shell.Heading).ToHaveTextAsync("Datasets");
        var row = datasets.List.GetByRole(AriaRole.Row).Filter(new() { HasText = "scifact mini (e2e)" });
        await Expect(row).ToContainTextAsync("test");
        await shell.ScreenshotAsync("datasets");
        await row.GetByRole(AriaRole.Link, new() { Name = "scifact mini (e2e)" }).ClickAsync();

        await Expect(shell.Heading).ToHaveTextAsync("scifact mini (e2e)");
        await Expect(shell.Page.GetByLabel("Documents: 12")).ToBeVisibleAsync();
        await Expect(datasets.Documents.GetByRole(AriaRole.Row)).ToHaveCountAsync(13);
        await shell.ScreenshotAsync("dataset-detail");
        await datasets.Tab("Queries").ClickAsync();
        await Expect(datasets.Queries.GetByRole(AriaRole.Row)).ToHaveCountAsync(1 + 4, new() { Timeout = 10_000 });
    }

    [Fact]
    public async Task ConsolePages_CollectionsAndJobs_RenderWithTheirHeadings()
    {
        var shell = new ShellPage(await host.OpenAsync("/"));
        await shell.WaitForInteractiveAsync();

        await shell.NavLink("Collections").ClickAsync();
        await Expect(shell.Heading).ToHaveTextAsync("Collections");
        await Expect(shell.Page.Locator(".abstudio-collections-table")).ToBeVisibleAsync();
        await Expect(shell.Page.Locator(".abstudio-collections-table .mud-skeleton")).ToHaveCountAsync(0);
        await shell.ScreenshotAsync("collections");

        await shell.NavLink("Jobs").ClickAsync();
        await Expect(shell.Heading).ToHaveTextAsync("Jobs");
        await Expect(shell.Page.Locator(".abstudio-jobs-table")).ToBeVisibleAsync();
        await Expect(shell.Page.Locator(".abstudio-jobs-table .mud-skeleton")).ToHaveCountAsync(0);
        await shell.ScreenshotAsync("jobs");
    }

    /// <summary>
    /// A BEIR folder cut from SciFact: the first <paramref name="judgments"/> test judgments, their
    /// queries, their documents and a few unjudged ones.
    /// </summary>
    private static async Task<string> SmallSciFactAsync(int judgments, int extraDocuments)
    {
        var folder = Path.Combine(Path.GetTempPath(), "abstudio-e2e-upload", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var qrels = (await File.ReadAllLinesAsync(Path.Combine(SciFact, "qrels", "test.tsv"))).Skip(1).Take(judgments).ToList();
        var queryIds = qrels.Select(l => l.Split('\t')[0]).ToHashSet();
        var documentIds = qrels.Select(l => l.Split('\t')[1]).ToHashSet();

        var corpus = new List<string>();
        var extras = 0;
        using (var reader = new StreamReader(new GZipStream(File.OpenRead(Path.Combine(SciFact, "corpus.jsonl.gz")), CompressionMode.Decompress)))
        {
            while (await reader.ReadLineAsync() is { } line && (documentIds.Count > 0 || extras < extraDocuments))
            {
                var id = IdOf(line);
                if (documentIds.Remove(id))
                {
                    corpus.Add(line);
                }
                else if (extras < extraDocuments)
                {
                    corpus.Add(line);
                    extras++;
                }
            }
        }

        var queries = (await File.ReadAllLinesAsync(Path.Combine(SciFact, "queries.jsonl"))).Where(l => queryIds.Contains(IdOf(l)));
        await File.WriteAllLinesAsync(Path.Combine(folder, "corpus.jsonl"), corpus);
        await File.WriteAllLinesAsync(Path.Combine(folder, "queries.jsonl"), queries);
        await File.WriteAllLinesAsync(Path.Combine(folder, "test.tsv"), ["query-id\tcorpus-id\tscore", .. qrels]);
        return folder;
    }

    private static string IdOf(string jsonLine)
    {
        using var document = JsonDocument.Parse(jsonLine);
        return document.RootElement.GetProperty("_id").GetString()!;
    }
}
