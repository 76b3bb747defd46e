using AbStudio.Domain.Datasets.Import;
using AbStudio.Web.Features.Datasets;
using AbStudio.Web.Features.Runs;

namespace AbStudio.Web.Hosting;

/// <summary>
/// Headless verbs on the host's executable (<c>dotnet run --project AbStudio.Web -- VERB …</c>) for
/// automation. Without a verb the host serves the console; options such as
/// <c>--Database:Provider=Postgres</c> reach the configuration either way.
/// </summary>
public sealed class CommandLineVerb
{
    // RequiresHost: false for verbs that only read files and write stdout, so they run before (and
    // without) the web host, its database and its logging.
    private static readonly Dictionary<string, (string Description, bool RequiresHost)> Known = new(StringComparer.OrdinalIgnoreCase)
    {
        ["migrate"] = ("apply pending database migrations and exit", true),
        ["import"] = ("import a dataset: import PATH [--format beir|trec|jsonl|csv] [--name NAME] [--split SPLIT]", true),
        ["eval"] = ("run an A/B test headless: eval DEFINITION.json --out DIR", true),
        ["trec-eval"] = ("score a TREC run: trec-eval [-M N] QRELS RUN, output as trec_eval -q -c", false),
    };

    private CommandLineVerb(string? name, string[] verbArguments, string[] hostArguments)
    {
        Name = name;
        RequiresHost = name is null || Known[name].RequiresHost;
        VerbArguments = verbArguments;
        HostArguments = hostArguments;
    }

    /// <summary>The verb, or null to run the web host.</summary>
    public string? Name { get; }

    /// <summary>False for a verb that runs without building the host (see <see cref="RunStandalone"/>).</summary>
    public bool RequiresHost { get; }

    /// <summary>Positional arguments after the verb.</summary>
    public IReadOnlyList<string> VerbArguments { get; }

    /// <summary>What the host's configuration sees (options, never the verb itself).</summary>
    public string[] HostArguments { get; }

    /// <summary>For <c>import</c>: what to import.</summary>
    public DatasetImportRequest? ImportRequest { get; private init; }

    /// <summary>For the <c>eval</c> verb: the definition file and the output folder.</summary>
    public EvalCommand.Request? EvalRequest { get; private init; }

    public static CommandLineVerb Parse(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Length == 0 || args[0].StartsWith('-'))
        {
            return new CommandLineVerb(null, [], args);
        }

        if (!Known.ContainsKey(args[0]))
        {
            var verbs = string.Join("; ", Known.Select(v => $"'{v.Key}' ({v.Value.Description})"));
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

        if (name == "eval")
        {
            var (request, hostArguments) = EvalCommand.Parse(positional, options);
            return new CommandLineVerb(name, positional, hostArguments) { EvalRequest = request };
        }

        return new CommandLineVerb(name, positional, options);
    }

    /// <summary>Runs a verb that needs no host, writing to the given writers; returns the process exit code.</summary>
    public int RunStandalone(TextWriter output, TextWriter error) => Name switch
    {
        // Options after the files go to the verb too, so a stray "--x" is reported, not ignored.
        "trec-eval" => TrecEvalVerb.Run([.. VerbArguments, .. HostArguments], output, error),
        _ => throw new InvalidOperationException($"Verb '{Name}' needs the host."),
    };

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
            case "eval":
                return await EvalCommand.RunAsync(app, EvalRequest!, Console.Out, Console.Error);
            default:
                throw new InvalidOperationException($"Verb '{Name}' has no handler.");
        }
    }
}
