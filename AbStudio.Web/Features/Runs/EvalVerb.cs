using AbStudio.Domain.AbTests.Definitions;
using AbStudio.Domain.Collections.Storage;
using AbStudio.Domain.Datasets;
using AbStudio.Domain.Datasets.Import;
using AbStudio.Domain.Exports;
using AbStudio.Domain.Jobs;
using AbStudio.Domain.Lifecycle;
using AbStudio.Domain.Persistence;
using AbStudio.Domain.Runs;
using AbStudio.Domain.Runs.Execution;
using AbStudio.Domain.Runs.Results;
using AbStudio.Web.Features.AbTests;
using AbStudio.Web.Features.Collections;
using AbStudio.Web.Hosting;
using AbStudio.Web.Jobs;
using AbStudio.Web.Realtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AbStudio.Web.Features.Runs;

/// <summary>
/// The <c>eval</c> verb: <c>eval DEFINITION.json --out DIR</c> runs a whole A/B test headless —
/// imports the dataset if no dataset with its content hash exists, stores the test, plans its arms'
/// collections (reused or built by queued jobs) and runs it as a queued job — the same path as the
/// console and the API, worked by this process — and writes <c>DIR/results.json</c> and
/// <c>DIR/run.&lt;arm&gt;.trec</c>; the summary table goes to stdout, progress to stderr.
/// A bad definition or dataset exits 2 with every problem listed.
/// </summary>
public static class EvalVerb
{
    public const int InvalidInputExitCode = 2;

    public sealed record Request(string DefinitionPath, string OutputDirectory);

    public static (Request Request, string[] HostArguments) Parse(IReadOnlyList<string> positional, string[] options)
    {
        ArgumentNullException.ThrowIfNull(positional);
        ArgumentNullException.ThrowIfNull(options);
        var outIndex = Array.FindIndex(options, o => o == "--out" || o.StartsWith("--out=", StringComparison.Ordinal));
        string? output = null;
        var rest = options.ToList();
        if (outIndex >= 0)
        {
            if (options[outIndex].StartsWith("--out=", StringComparison.Ordinal))
            {
                output = options[outIndex]["--out=".Length..];
                rest.RemoveAt(outIndex);
            }
            else if (outIndex + 1 < options.Length)
            {
                output = options[outIndex + 1];
                rest.RemoveRange(outIndex, 2);
            }
        }

        if (positional.Count != 1 || string.IsNullOrWhiteSpace(output))
        {
            throw new StartupProblemException("Usage: eval DEFINITION.json --out DIR — see docs/test-definition.md for the definition format.");
        }

        return (new Request(positional[0], output), [.. rest]);
    }

    public static async Task<int> RunAsync(WebApplication app, Request request, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        // Progress comes from job tasks on other threads: one line at a time.
        var progress = TextWriter.Synchronized(error);
        void Say(string line) => progress.WriteLine($"eval: {line}");

        TestDefinition definition;
        try
        {
            definition = TestDefinitionReader.Read(await File.ReadAllTextAsync(request.DefinitionPath, cancellationToken), request.DefinitionPath);
        }
        catch (FileNotFoundException)
        {
            await error.WriteLineAsync($"{request.DefinitionPath}: no such file.");
            return InvalidInputExitCode;
        }
        catch (TestDefinitionException e)
        {
            foreach (var problem in e.Problems)
            {
                await error.WriteLineAsync($"{request.DefinitionPath}: {problem}");
            }

            return InvalidInputExitCode;
        }

        var unsupported = app.Services.GetRequiredService<TestsService>().IndexProblems(definition);
        foreach (var problem in unsupported)
        {
            await error.WriteLineAsync($"{request.DefinitionPath}: {problem}");
        }

        if (unsupported.Count > 0)
        {
            return InvalidInputExitCode;
        }

        await app.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync(cancellationToken);
        Guid datasetId;
        try
        {
            datasetId = await ResolveDatasetAsync(app.Services, definition, request.DefinitionPath, error, cancellationToken);
        }
        catch (DatasetImportException e)
        {
            foreach (var problem in e.Errors)
            {
                await error.WriteLineAsync(problem.ToString());
            }

            return InvalidInputExitCode;
        }

        var corpus = await app.Services.GetRequiredService<RunCorpusLoader>().LoadAsync(datasetId, definition.Dataset.Split, cancellationToken);
        if (corpus.Queries.Count == 0)
        {
            await error.WriteLineAsync($"{request.DefinitionPath}: dataset.split '{definition.Dataset.Split}' has no judged queries in this dataset; pick a split that has judgments.");
            return InvalidInputExitCode;
        }

        if (definition.Arms.Any(NeedsLocalModel))
        {
            await LocalModelFiles.EnsureAsync(LocalModelWarmup.ModelsDirectory(app.Services.GetRequiredService<IOptions<StorageSettings>>().Value), cancellationToken);
        }

        // The same path as the console and the API: a stored test, collections planned and built
        // by queued jobs, a run job, results read back from the database.
        var tests = app.Services.GetRequiredService<TestsService>();
        var test = await tests.CreateAsync(definition, datasetId, "eval", cancellationToken);
        var notifier = app.Services.GetRequiredService<StatusNotifier>();
        using var watching = notifier.Subscribe(update =>
        {
            // Test updates repeat the run's; "pending" repeats the plan printed below.
            if (update.Message is { } message && update.Kind != "test" && update.Status != "pending")
            {
                Say(message);
            }

            return Task.CompletedTask;
        });
        var started = await tests.StartAsync(Features.Accounts.Actor.Host, test.Id, cancellationToken);
        if (started.Value is not { } start)
        {
            await error.WriteLineAsync($"eval: the test could not start: {started.Refusal!.Message}");
            return 1;
        }

        foreach (var (arm, plan) in start.Arms.Where(a => a.Plan is not null))
        {
            Say($"{arm}: collection {plan!.Fingerprint[..12]} {plan.Outcome.ToString().ToLowerInvariant()} ({plan.Reason})");
        }

        var run = await DriveToEndAsync(app.Services, start.RunId, cancellationToken);
        if (run.Status != RunStatus.Completed)
        {
            await error.WriteLineAsync($"eval: the run {run.Status.ToString().ToLowerInvariant()}: {run.Error}");
            return 1;
        }

        var results = await app.Services.GetRequiredService<RunResultsReader>().ReadAsync(start.RunId, corpus, cancellationToken);
        var summary = results.Analyse(cancellationToken);
        Directory.CreateDirectory(request.OutputDirectory);
        await using (var json = File.Create(Path.Combine(request.OutputDirectory, "results.json")))
        {
            ResultsDocument.Write(json, summary, results.Context());
        }

        foreach (var arm in results.Arms)
        {
            await using var file = new StreamWriter(Path.Combine(request.OutputDirectory, TrecRunWriter.FileName(arm.ArmName)));
            TrecRunWriter.Write(file, arm.ArmName, arm.Outcomes);
        }

        await output.WriteLineAsync($"{definition.Name} — {corpus.Queries.Count} queries, {corpus.DocumentIds.Count} documents, split '{definition.Dataset.Split}'");
        await output.WriteAsync(SummaryTable.Render(summary, definition.K, definition.PrimaryMetric));
        await output.WriteLineAsync($"results: {Path.GetFullPath(Path.Combine(request.OutputDirectory, "results.json"))}");
        return 0;
    }

    /// <summary>
    /// Works the queue in this process until the run ends: the verb's host serves no requests and
    /// runs no scheduler, so it calls the dispatcher (and the reaper, for jobs an earlier process
    /// left) itself. Another worker on the same database may take some of the jobs; that is fine.
    /// </summary>
    private static async Task<Run> DriveToEndAsync(IServiceProvider services, Guid runId, CancellationToken cancellationToken)
    {
        var dispatcher = services.GetRequiredService<JobDispatcher>();
        var lifecycle = services.GetRequiredService<TestLifecycle>();
        var contexts = services.GetRequiredService<IDbContextFactory<AbStudioDbContext>>();
        await lifecycle.ReapExpiredLeasesAsync(cancellationToken);
        for (var pass = 1; ; pass++)
        {
            await dispatcher.DispatchAsync();
            await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
            {
                var run = await db.Runs.AsNoTracking().SingleAsync(r => r.Id == runId, cancellationToken);
                if (run.Status.IsFinished())
                {
                    // Let the job record its own end before the process goes.
                    while (dispatcher.Running > 0)
                    {
                        await Task.Delay(50, cancellationToken);
                    }

                    return run;
                }
            }

            await Task.Delay(200, cancellationToken);
            if (pass % 50 == 0)
            {
                await lifecycle.ReapExpiredLeasesAsync(cancellationToken);
            }
        }
    }

    private static bool NeedsLocalModel(ArmDefinition arm) =>
        arm.Embedding?.Provider is "use-lite" or "glove-avg" || arm.Rerank?.Provider is "embedding" or "mmr";

    /// <summary>dataset.id as given; dataset.path imported unless a dataset with its content hash exists.</summary>
    private static async Task<Guid> ResolveDatasetAsync(IServiceProvider services, TestDefinition definition, string definitionPath, TextWriter error, CancellationToken cancellationToken)
    {
        if (definition.Dataset.Id is { } id)
        {
            return id;
        }

        // Relative paths: from the current directory when they exist there, else from the definition's folder.
        var path = definition.Dataset.Path!;
        if (!Path.IsPathRooted(path) && !Path.Exists(path))
        {
            path = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(definitionPath))!, path);
        }

        DatasetFormat? format = Enum.TryParse<DatasetFormat>(definition.Dataset.Format, ignoreCase: true, out var parsed) ? parsed : null;
        var request = new DatasetImportRequest(path, format, Split: definition.Dataset.Split) { CreatedBy = "eval" };
        var importer = services.GetRequiredService<DatasetImporter>();
        var checkedDataset = await importer.ValidateAsync(request, cancellationToken);
        await using (var db = await services.GetRequiredService<IDbContextFactory<AbStudioDbContext>>().CreateDbContextAsync(cancellationToken))
        {
            var existing = await db.Datasets.Where(d => d.ContentHash == checkedDataset.ContentHash).Select(d => (Guid?)d.Id).FirstOrDefaultAsync(cancellationToken);
            if (existing is { } found)
            {
                await error.WriteLineAsync($"eval: dataset {checkedDataset.ContentHash[..12]} already imported ({found})");
                return found;
            }
        }

        var imported = await importer.ImportAsync(request, cancellationToken);
        await error.WriteLineAsync($"eval: imported {imported.Name}: {imported.Documents} documents, {imported.Queries} queries, {imported.Judgments} judgments");
        return imported.DatasetId;
    }
}
