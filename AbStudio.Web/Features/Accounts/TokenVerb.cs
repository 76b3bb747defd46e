using System.Globalization;
using AbStudio.Domain.Governance;
using AbStudio.Identity;
using AbStudio.Web.Hosting;

namespace AbStudio.Web.Features.Accounts;

/// <summary>What <c>token create</c> was asked for.</summary>
public sealed record TokenCreateRequest(string UserName, string? Role, string? Team, TimeSpan Lifetime, TokenScope Scope, string TokenName);

/// <summary>
/// The <c>token create --user NAME [--role ROLE] [--team TEAM] [--expires 30d] [--scope full|read] [--name NAME]</c>
/// verb, for first set-up and CI: creates the user (and the team) when needed and prints a new token
/// once, alone on stdout, so a script can capture it. What it did goes to stderr, without the token.
/// </summary>
public static class TokenVerb
{
    public const string Usage = "token create --user NAME [--role Admin|Engineer|Viewer] [--team TEAM] [--expires 30d] [--scope full|read] [--name NAME]";

    private static readonly TimeSpan DefaultLifetime = TimeSpan.FromDays(30);
    private static readonly string[] Options = ["--user", "--role", "--team", "--expires", "--scope", "--name"];

    public static (TokenCreateRequest Request, string[] HostArguments) Parse(IReadOnlyList<string> positional, string[] options)
    {
        ArgumentNullException.ThrowIfNull(positional);
        ArgumentNullException.ThrowIfNull(options);
        if (positional is not [var action] || !string.Equals(action, "create", StringComparison.OrdinalIgnoreCase))
        {
            throw new StartupProblemException($"Usage: {Usage}");
        }

        var (values, rest) = ReadOptions(options);
        if (!values.TryGetValue("--user", out var user) || string.IsNullOrWhiteSpace(user))
        {
            throw new StartupProblemException($"token create needs --user NAME. Usage: {Usage}");
        }

        // Identity's default user-name rule, checked here so a bad name is a usage line, not a failure later.
        if (!user.Trim().All(c => char.IsAsciiLetterOrDigit(c) || "-._@+".Contains(c, StringComparison.Ordinal)))
        {
            throw new StartupProblemException($"--user '{user}' is not a user name: use letters, digits and - . _ @ + only.");
        }

        string? role = null;
        if (values.TryGetValue("--role", out var roleName))
        {
            role = Roles.Find(roleName) ?? throw new StartupProblemException($"--role '{roleName}' is not a role: use Admin, Engineer or Viewer.");
        }

        var lifetime = values.TryGetValue("--expires", out var expires) ? ParseLifetime(expires) : DefaultLifetime;
        var scope = TokenScope.Full;
        if (values.TryGetValue("--scope", out var scopeName)
            && !(Enum.TryParse(scopeName, ignoreCase: true, out scope) && Enum.IsDefined(scope)))
        {
            throw new StartupProblemException($"--scope '{scopeName}' is not a scope: use full or read.");
        }

        var team = values.GetValueOrDefault("--team");
        var name = values.GetValueOrDefault("--name") ?? "created by token create";
        return (new TokenCreateRequest(user.Trim(), role, string.IsNullOrWhiteSpace(team) ? null : team.Trim(), lifetime, scope, name), rest.ToArray());
    }

    /// <summary><c>30d</c> or <c>12h</c>, up to a year: tokens always expire.</summary>
    public static TimeSpan ParseLifetime(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var unit = text.Length > 1 ? char.ToLowerInvariant(text[^1]) : ' ';
        if (unit is 'd' or 'h'
            && int.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            && count > 0)
        {
            var lifetime = unit == 'd' ? TimeSpan.FromDays(count) : TimeSpan.FromHours(count);
            if (lifetime <= ApiTokens.LongestLifetime)
            {
                return lifetime;
            }
        }

        throw new StartupProblemException($"--expires '{text}' is not a lifetime: write days or hours, e.g. 30d or 12h, at most 365d.");
    }

    public static async Task<int> RunAsync(WebApplication app, TokenCreateRequest request, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        await app.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync();

        await using var scope = app.Services.CreateAsyncScope();
        var (token, created, role) = await scope.ServiceProvider.GetRequiredService<AccountSetup>().CreateTokenAsync(request);
        await error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"{(created ? "Created user" : "User")} {request.UserName}{(role is null ? "" : $" ({role})")}{(request.Team is null ? "" : $" in team {request.Team}")}; " +
            $"token {token.Prefix} (scope {token.Scope.ToString().ToLowerInvariant()}) expires {token.ExpiresAt:yyyy-MM-dd HH:mm} UTC. It is shown once, below."));
        await output.WriteLineAsync(token.Token);
        return 0;
    }

    private static (Dictionary<string, string> Values, List<string> Others) ReadOptions(string[] options)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var rest = new List<string>();
        for (var i = 0; i < options.Length; i++)
        {
            var equals = options[i].IndexOf('=', StringComparison.Ordinal);
            var (key, value) = equals < 0 ? (options[i], null) : (options[i][..equals], options[i][(equals + 1)..]);
            if (!Options.Contains(key, StringComparer.OrdinalIgnoreCase))
            {
                rest.Add(options[i]);
                continue;
            }

            if (value is null)
            {
                value = i + 1 < options.Length ? options[++i] : throw new StartupProblemException($"The option {key} needs a value.");
            }

            values[key] = value;
        }

        return (values, rest);
    }
}
