using System.Data.Common;
using AbStudio.Domain.Persistence;
using AbStudio.Identity;
using Microsoft.EntityFrameworkCore;

namespace AbStudio.Web.Hosting;

/// <summary>
/// Applies pending migrations of the engine's context and then of the accounts context (same database,
/// own history table: docs/adr/0006), at start-up and for the <c>migrate</c> verb. A database that cannot be
/// reached or opened becomes a <see cref="StartupProblemException"/> that names it and says what to check.
/// </summary>
public sealed partial class DatabaseMigrator(
    IDbContextFactory<AbStudioDbContext> contextFactory,
    IDbContextFactory<AccountsDbContext> accountsFactory,
    DatabaseTarget target,
    ILogger<DatabaseMigrator> logger)
{
    public async Task MigrateAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await using (var context = await contextFactory.CreateDbContextAsync(cancellationToken))
            {
                await MigrateAsync(context, "engine", cancellationToken);
            }

            await using var accounts = await accountsFactory.CreateDbContextAsync(cancellationToken);
            await MigrateAsync(accounts, "accounts", cancellationToken);
        }
        catch (Exception e) when (e is DbException or InvalidOperationException or TimeoutException)
        {
            throw new StartupProblemException(
                $"Cannot open the database ({target.Describe()}): {Innermost(e).Message}. {Advice()}", e);
        }
    }

    private async Task MigrateAsync(DbContext context, string model, CancellationToken cancellationToken)
    {
        var database = target.Describe();
        var pending = (await context.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (pending.Count == 0)
        {
            LogUpToDate(model, database);
            return;
        }

        LogApplying(pending.Count, model, database, pending);
        await context.Database.MigrateAsync(cancellationToken);
        LogApplied(pending.Count, model, database);
    }

    private string Advice() => target.Provider switch
    {
        DatabaseProvider.Postgres =>
            "Check that the PostgreSQL server is running and reachable, and that Database:ConnectionString has the right host, port, database and credentials.",
        _ => "Check that Storage:DataDirectory (or Database:ConnectionString) points to a writable place and that no other program locks the file.",
    };

    private static Exception Innermost(Exception e)
    {
        while (e.InnerException is not null)
        {
            e = e.InnerException;
        }

        return e;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Database schema is up to date ({Database}, {Model} model)")]
    private partial void LogUpToDate(string model, string database);

    [LoggerMessage(Level = LogLevel.Information, Message = "Applying {Count} migration(s) to {Database} ({Model} model): {Migrations}")]
    private partial void LogApplying(int count, string model, string database, IReadOnlyList<string> migrations);

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied {Count} migration(s) to {Database} ({Model} model)")]
    private partial void LogApplied(int count, string model, string database);
}
