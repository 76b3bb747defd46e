using AbStudio.Domain.Datasets;
using AbStudio.Domain.Datasets.Import;
using AbStudio.Domain.Governance;
using AbStudio.Domain.Persistence;
using AbStudio.Web.Hosting;
using Microsoft.EntityFrameworkCore;

namespace AbStudio.Web.Features.Datasets;

/// <summary>
/// The <c>import</c> verb: <c>import PATH [--format beir|trec|jsonl|csv] [--name NAME] [--split SPLIT] [--team TEAM]</c>.
/// The dataset goes to the team named TEAM (default <c>default</c>), which must exist. Prints the dataset id, counts and hash; or one <c>file:line: field: message</c> per problem and exits 2.
/// </summary>
public static class ImportVerb
{
    public const int InvalidDatasetExitCode = 2;

    private static readonly string[] Options = ["--format", "--name", "--split", "--team"];

    /// <summary>Reads the verb's own options out of the arguments; anything else stays for the host's configuration.</summary>
    public static (ImportCommand Request, string[] HostArguments) Parse(IReadOnlyList<string> positional, string[] options)
    {
        ArgumentNullException.ThrowIfNull(positional);
        ArgumentNullException.ThrowIfNull(options);
        if (positional.Count != 1)
        {
            throw new StartupProblemException(
                "Usage: import PATH [--format beir|trec|jsonl|csv] [--name NAME] [--split SPLIT] [--team TEAM] — PATH is a dataset folder or .zip.");
        }

        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var rest = new List<string>();
        for (var i = 0; i < options.Length; i++)
        {
            var (key, value) = SplitOption(options[i]);
            if (!Options.Contains(key, StringComparer.OrdinalIgnoreCase))
            {
                rest.Add(options[i]);
                continue;
            }

            if (value is null)
            {
                if (i + 1 >= options.Length)
                {
                    throw new StartupProblemException($"The option {key} needs a value.");
                }

                value = options[++i];
            }

            values[key] = value;
        }

        DatasetFormat? format = null;
        if (values.TryGetValue("--format", out var formatName))
        {
            format = Enum.TryParse<DatasetFormat>(formatName, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)
                ? parsed
                : throw new StartupProblemException($"--format '{formatName}' is not a format AbStudio reads: use beir, trec, jsonl or csv.");
        }

        var request = new DatasetImportRequest(positional[0], format, values.GetValueOrDefault("--name"), values.GetValueOrDefault("--split"))
        {
            CreatedBy = "cli",
        };
        return (new ImportCommand(request, values.GetValueOrDefault("--team") ?? Team.DefaultName), rest.ToArray());
    }

    public static async Task<int> RunAsync(WebApplication app, ImportCommand command, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        await app.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync();
        Guid? teamId;
        await using (var db = await app.Services.GetRequiredService<IDbContextFactory<AbStudioDbContext>>().CreateDbContextAsync())
        {
            // By name, as token create --team finds it, so one name is one team.
            teamId = await db.Teams.Where(t => t.Name == command.Team).Select(t => (Guid?)t.Id).SingleOrDefaultAsync();
        }

        if (teamId is null)
        {
            await error.WriteLineAsync($"There is no team '{command.Team}': create it with token create --user NAME --team {command.Team}, or leave --team out (default team).");
            return InvalidDatasetExitCode;
        }

        try
        {
            var result = await app.Services.GetRequiredService<DatasetImporter>().ImportAsync(command.Request with { TeamId = teamId.Value });
            await output.WriteLineAsync($"Imported dataset {result.DatasetId} \"{result.Name}\" ({result.Format})");
            await output.WriteLineAsync($"documents: {result.Documents}, queries: {result.Queries}, judgments: {result.Judgments}");
            await output.WriteLineAsync($"content hash: {result.ContentHash}");
            return 0;
        }
        catch (DatasetImportException e)
        {
            foreach (var problem in e.Errors)
            {
                await error.WriteLineAsync(problem.ToString());
            }

            if (e.Truncated)
            {
                await error.WriteLineAsync($"(stopped after {e.Errors.Count} problems; fix these and run again)");
            }

            return InvalidDatasetExitCode;
        }
    }

    private static (string Key, string? Value) SplitOption(string option)
    {
        var equals = option.IndexOf('=', StringComparison.Ordinal);
        return equals < 0 ? (option, null) : (option[..equals], option[(equals + 1)..]);
    }
}

/// <summary>What the import verb was asked: the import, and the name of the team that will own it.</summary>
public sealed record ImportCommand(DatasetImportRequest Request, string Team);
