namespace AbStudio.Web.Hosting;

/// <summary>
/// What this host does (configuration <c>Role</c>): <c>all</c> (the embedded default: console, API
/// and background work), <c>web</c> (console, API and status hub only) or <c>worker</c> (background
/// work only: builds and runs, plus /health). Several workers share one PostgreSQL database.
/// </summary>
public enum HostRole
{
    All,
    Web,
    Worker,
}

public static class HostRoles
{
    public static HostRole From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var value = configuration["Role"] ?? nameof(HostRole.All);
        return Enum.TryParse<HostRole>(value, ignoreCase: true, out var role) && Enum.IsDefined(role)
            ? role
            : throw new StartupProblemException($"Role is '{value}', which AbStudio does not know. Set it to 'all' (default), 'web' or 'worker'.");
    }

    public static bool ServesUsers(this HostRole role) => role != HostRole.Worker;

    public static bool RunsBackgroundWork(this HostRole role) => role != HostRole.Web;
}
