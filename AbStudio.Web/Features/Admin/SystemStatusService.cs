using System.Reflection;
using AbStudio.Domain.Persistence;
using AbStudio.Web.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AbStudio.Web.Features.Admin;

/// <summary>What an admin or support engineer checks first: which database, which schema, which build.</summary>
public sealed class SystemStatusService(
    IDbContextFactory<AbStudioDbContext> contextFactory,
    DatabaseTarget database,
    IOptions<StorageSettings> storage,
    IWebHostEnvironment environment)
{
    public async Task<SystemStatus> GetAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var applied = (await db.Database.GetAppliedMigrationsAsync(cancellationToken)).ToList();
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        var version = typeof(SystemStatusService).Assembly
            .GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
        return new SystemStatus(
            Database: database.Describe(),
            Provider: database.Provider.ToString(),
            AppliedMigrations: applied,
            PendingMigrations: pending,
            DataDirectory: storage.Value.ResolveDataDirectory(),
            Environment: environment.EnvironmentName,
            Version: version);
    }
}

public sealed record SystemStatus(
    string Database,
    string Provider,
    IReadOnlyList<string> AppliedMigrations,
    IReadOnlyList<string> PendingMigrations,
    string DataDirectory,
    string Environment,
    string Version);
