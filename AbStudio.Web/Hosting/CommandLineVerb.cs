using AbStudio.Domain.Datasets.Import;
using AbStudio.Web.Features.Datasets;

namespace AbStudio.Web.Hosting;

/// <summary>
/// Headless verbs on the host's executable (<c>dotnet run --project AbStudio.Web -- VERB …</c>) for
/// automation. Without a verb the host serves the console; options such as
/// <c>--Database:Provider=Postgres</c> reach the configuration either way.
/// </summary>
public sealed class CommandLineVerb
{
    private static readonly Dictionary<string, string> Known = new(StringComparer.OrdinalIgnoreCase)
    {
        ["migrate"] = "apply pending database migrations and exit",
        ["import"] = "import a dataset: import PATH [--format beir|trec|jsonl|csv] [--name NAME] [--split SPLIT]",
    };

    private CommandLineVerb(string? name, string[] verbArguments, string[] hostArguments)
    {
        Name = name;
        VerbArguments = verbArguments;
        HostArguments = hostArguments;
    }

    /// <summary>The verb, or null to run the web host.</summary>
    public string? Name { get; }

    /// <summary>Positional arguments after the verb.</summary>
    public IReadOnlyList<string> VerbArguments { get; }

    /// <summary>What the host's configuration sees (options, never the verb itself).</summary>
    public string[] HostArguments { get; }

    /// <summary>For <c>import</c>: what to import.</summary>
    public DatasetImportRequest? ImportRequest { get; private init; }

    public static CommandLineVerb Parse(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Length == 0 || args[0].StartsWith('-'))
        {
            return new CommandLineVerb(null, [], args);
        }

        if (!Known.ContainsKey(args[0]))
        {
            var verbs = string.Join("; ", Known.Select(v => $"'{v.Key}' ({v.Value})"));
            throw new StartupProblemException($"Unknown verb '{args[0]}'. Known verbs: {verbs}. Run without a verb to start the console.");
        }

        var name = args[0].ToLowerInvariant();
        var positional = args.Skip(1).TakeWhile(a => !a.StartsWith("--", StringComparison.Ordinal)).ToArray();
        var options = args.Skip(1 + positional.Length).ToArray();
        if (name == "import")
        {
            // The verb's own options (--format, --name, --split) are not host configuration.
            var (request, hostArguments) = ImportDatasetCommand.Parse(positional, options);
            return new CommandLineVerb(name, positional, hostArguments) { ImportRequest = request };
        }

        return new CommandLineVerb(name, positional, options);
    }

    /// <summary>Runs the verb against the built (not started) host and returns the process exit code.</summary>
    public async Task<int> RunAsync(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        switch (Name)
        {
            case "migrate":
                await app.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync();
                return 0;
            case "import":
                return await ImportDatasetCommand.RunAsync(app, ImportRequest!, Console.Out, Console.Error);
            default:
                throw new InvalidOperationException($"Verb '{Name}' has no handler.");
        }
    }
}
