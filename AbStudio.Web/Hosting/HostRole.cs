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

/// <summary>Hosted services that run only on some roles, decided when the host starts rather than at registration.</summary>
public static class RoleGatedServices
{
    /// <summary>
    /// Registers <typeparamref name="TService"/> to run on hosts whose role <paramref name="runsOn"/>
    /// accepts. The role is read from the configuration in force when the host starts, so settings a
    /// test host or the command line adds after registration decide it.
    /// </summary>
    public static IServiceCollection AddHostedServiceFor<TService>(this IServiceCollection services, Func<HostRole, bool> runsOn)
        where TService : class, IHostedService
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(runsOn);
        return services.AddHostedService(provider => new RoleGatedService<TService>(provider, runsOn));
    }
}

/// <summary>Creates and runs its service only when this host's role calls for it.</summary>
internal sealed class RoleGatedService<TService>(IServiceProvider services, Func<HostRole, bool> runsOn) : IHostedService, IDisposable
    where TService : class, IHostedService
{
    private TService? _service;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!runsOn(HostRoles.From(services.GetRequiredService<IConfiguration>())))
        {
            return Task.CompletedTask;
        }

        _service = ActivatorUtilities.CreateInstance<TService>(services);
        return _service.StartAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => _service?.StopAsync(cancellationToken) ?? Task.CompletedTask;

    public void Dispose() => (_service as IDisposable)?.Dispose();
}
