using AbStudio.Web.Features.Accounts;
using AbStudio.Web.Features.Datasets;
using AbStudio.Web.Features.Runs;

namespace AbStudio.Web.Hosting;

/// <summary>
/// Headless verbs on the host's executable (<c>dotnet run --project AbStudio.Web -- VERB …</c>) for
/// automation. Without a verb the host serves the console; options such as
/// <c>--Database:Provider=Postgres</c> reach the configuration either way. Every verb is one row of
/// <see cref="Table"/>; its parsing and running live in its own <c>…Verb.cs</c> file.
/// </summary>
public sealed class CommandLineVerb
{
    /// <summary>
    /// The verbs: name, what it does (listed for an unknown verb), whether it needs the host, how it
    /// reads its arguments, how it runs. NeedsHost false: the verb only reads files and writes stdout,
    /// so it runs before (and without) the web host, its database and its logging.
    /// </summary>
    private static readonly VerbEntry[] Table =
    [
        VerbEntry.Create("migrate", "apply pending database migrations and exit", needsHost: true,
            run: context => MigrateVerb.RunAsync(context.App)),
        VerbEntry.Create("import", "import a dataset: import PATH [--format beir|trec|jsonl|csv] [--name NAME] [--split SPLIT] [--team TEAM]", needsHost: true,
            parse: ImportVerb.Parse,
            run: (context, request) => ImportVerb.RunAsync(context.App, request, context.Output, context.Error)),
        VerbEntry.Create("eval", "run an A/B test headless: eval DEFINITION.json --out DIR", needsHost: true,
            parse: EvalVerb.Parse,
            run: (context, request) => EvalVerb.RunAsync(context.App, request, context.Output, context.Error)),
        VerbEntry.Create("token", $"create a user's API token for scripts and CI: {TokenVerb.Usage}", needsHost: true,
            parse: TokenVerb.Parse,
            run: (context, request) => TokenVerb.RunAsync(context.App, request, context.Output, context.Error)),

        // Options after the files go to the verb too, so a stray "--x" is reported, not ignored.
        VerbEntry.Create("trec-eval", "score a TREC run: trec-eval [-M N] QRELS RUN, output as trec_eval -q -c", needsHost: false,
            parse: (positional, options) => ((IReadOnlyList<string>)[.. positional, .. options], options),
            run: (context, arguments) => Task.FromResult(TrecEvalVerb.Run(arguments, context.Output, context.Error))),
    ];

    private readonly VerbEntry? _entry;

    private CommandLineVerb(VerbEntry? entry, string[] verbArguments, string[] hostArguments, object? request)
    {
        _entry = entry;
        VerbArguments = verbArguments;
        HostArguments = hostArguments;
        Request = request;
    }

    /// <summary>The verb, or null to run the web host.</summary>
    public string? Name => _entry?.Name;

    /// <summary>False for a verb that runs without building the host (see <see cref="RunWithoutHost()"/>).</summary>
    public bool RequiresHost => _entry?.NeedsHost ?? true;

    /// <summary>Positional arguments after the verb.</summary>
    public IReadOnlyList<string> VerbArguments { get; }

    /// <summary>What the host's configuration sees (options, never the verb itself nor the verb's own options).</summary>
    public string[] HostArguments { get; }

    /// <summary>What the verb's parser read from its arguments (e.g. the <c>import</c> verb's <c>DatasetImportRequest</c>).</summary>
    public object? Request { get; }

    public static CommandLineVerb Parse(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Length == 0 || args[0].StartsWith('-'))
        {
            return new CommandLineVerb(null, [], args, null);
        }

        var entry = Array.Find(Table, v => string.Equals(v.Name, args[0], StringComparison.OrdinalIgnoreCase));
        if (entry is null)
        {
            var verbs = string.Join("; ", Table.Select(v => $"'{v.Name}' ({v.Usage})"));
            throw new StartupProblemException($"Unknown verb '{args[0]}'. Known verbs: {verbs}. Run without a verb to start the console.");
        }

        var positional = args.Skip(1).TakeWhile(a => !a.StartsWith("--", StringComparison.Ordinal)).ToArray();
        var options = args.Skip(1 + positional.Length).ToArray();

        // The verb's own options (e.g. import's --format) are not host configuration.
        var (request, hostArguments) = entry.Parse(positional, options);
        return new CommandLineVerb(entry, positional, hostArguments, request);
    }

    /// <summary>Runs a verb that needs no host against the process's stdout and stderr; returns the process exit code.</summary>
    public int RunWithoutHost()
    {
        // A buffered stdout: the console writer flushes on every write, slow for thousands of lines.
        using var output = new StreamWriter(Console.OpenStandardOutput()) { AutoFlush = false };
        var exitCode = RunWithoutHost(output, Console.Error);
        output.Flush();
        return exitCode;
    }

    /// <summary>Runs a verb that needs no host, writing to the given writers; returns the process exit code.</summary>
    public int RunWithoutHost(TextWriter output, TextWriter error)
    {
        if (_entry is null || _entry.NeedsHost)
        {
            throw new InvalidOperationException($"Verb '{Name}' needs the host.");
        }

        // Such a verb does no asynchronous work: its task is already complete.
        return _entry.Run(new VerbContext(null, output, error), Request).GetAwaiter().GetResult();
    }

    /// <summary>Runs the verb against the built (not started) host and returns the process exit code.</summary>
    public Task<int> RunAsync(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return _entry is null
            ? throw new InvalidOperationException("No verb to run: the host serves the console.")
            : _entry.Run(new VerbContext(app, Console.Out, Console.Error), Request);
    }
}

/// <summary>What a verb runs with: the built host (null for a verb that needs none) and where it writes.</summary>
public sealed record VerbContext(WebApplication? Host, TextWriter Output, TextWriter Error)
{
    /// <summary>The built host; only for verbs whose table row says they need it.</summary>
    public WebApplication App => Host ?? throw new InvalidOperationException("This verb runs without the host.");
}

/// <summary>One row of the verb table (<see cref="CommandLineVerb"/>).</summary>
public sealed class VerbEntry
{
    private VerbEntry(string name, string usage, bool needsHost, Func<IReadOnlyList<string>, string[], (object? Request, string[] HostArguments)> parse, Func<VerbContext, object?, Task<int>> run)
    {
        Name = name;
        Usage = usage;
        NeedsHost = needsHost;
        Parse = parse;
        Run = run;
    }

    public string Name { get; }

    /// <summary>What the verb does and how it is written, as the unknown-verb message lists it.</summary>
    public string Usage { get; }

    public bool NeedsHost { get; }

    /// <summary>(positional arguments, options) → (the verb's request, the options left for the host's configuration).</summary>
    public Func<IReadOnlyList<string>, string[], (object? Request, string[] HostArguments)> Parse { get; }

    public Func<VerbContext, object?, Task<int>> Run { get; }

    /// <summary>A row whose parser yields a <typeparamref name="TRequest"/> that its runner takes, typed on both sides.</summary>
    public static VerbEntry Create<TRequest>(
        string name,
        string usage,
        bool needsHost,
        Func<IReadOnlyList<string>, string[], (TRequest Request, string[] HostArguments)> parse,
        Func<VerbContext, TRequest, Task<int>> run) =>
        new(name, usage, needsHost,
            (positional, options) => parse(positional, options),
            (context, request) => run(context, (TRequest)request!));

    /// <summary>A row for a verb with no arguments of its own: every option goes to the host's configuration.</summary>
    public static VerbEntry Create(string name, string usage, bool needsHost, Func<VerbContext, Task<int>> run) =>
        new(name, usage, needsHost, (_, options) => (null, options), (context, _) => run(context));
}
