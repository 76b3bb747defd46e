using AbStudio.Domain.Persistence;
using AbStudio.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;

namespace AbStudio.Web.Hosting;

public static class PersistenceExtensions
{
    private const string SqliteMigrations = "AbStudio.Migrations.Sqlite";
    private const string PostgresMigrations = "AbStudio.Migrations.Postgres";

    /// <summary>
    /// Registers <see cref="IDbContextFactory{AbStudioDbContext}"/> and, on the same database,
    /// <see cref="IDbContextFactory{AccountsDbContext}"/> for the configured provider, each provider
    /// with its own migrations assembly, and the vector store that goes with it. Throws <see cref="StartupProblemException"/> on bad configuration.
    /// </summary>
    public static WebApplicationBuilder AddAbStudioPersistence(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);

        // Bound when first resolved, not read from builder.Configuration here, so that configuration
        // added later (command line, WebApplicationFactory in tests) is the one in force.
        builder.Services.AddSettings<StorageSettings>(StorageSettings.Section);
        builder.Services.AddSettings<DatabaseSettings>(DatabaseSettings.Section);
        builder.Services.AddSingleton<IValidateOptions<DatabaseSettings>, DatabaseSettingsValidator>();
        builder.Services.AddSingleton(services => DatabaseTarget.From(
            services.GetRequiredService<IOptions<DatabaseSettings>>().Value, services.GetRequiredService<IOptions<StorageSettings>>().Value));
        builder.Services.AddDbContextFactory<AbStudioDbContext>((services, options) =>
        {
            var target = services.GetRequiredService<DatabaseTarget>();
            Configure(options, target.Provider, target.ConnectionString);
        });
        builder.Services.AddDbContextFactory<AccountsDbContext>((services, options) =>
        {
            var target = services.GetRequiredService<DatabaseTarget>();
            Configure(options, target.Provider, target.ConnectionString, AccountsDbContext.MigrationsHistoryTable);
        });
        builder.Services.AddSingleton<DatabaseMigrator>();
        builder.Services.AddAbStudioVectorStore();
        return builder;
    }

    /// <summary>
    /// Provider selection in one place, shared by the host and the tests' fixtures. A second context
    /// on the same database (accounts, docs/adr/0006) passes its own migrations history table; null keeps EF's default.
    /// </summary>
    public static DbContextOptionsBuilder Configure(DbContextOptionsBuilder options, DatabaseProvider provider, string connectionString, string? migrationsHistoryTable = null)
    {
        ArgumentNullException.ThrowIfNull(options);

        // A failed connection surfaces as an exception that the migrator, the health check or the
        // request pipeline reports with context; EF's own error line beside it would say it twice.
        options.ConfigureWarnings(warnings => warnings.Log((RelationalEventId.ConnectionError, LogLevel.Debug)));
        return provider switch
        {
            DatabaseProvider.Sqlite => options.UseSqlite(connectionString, sqlite =>
            {
                sqlite.MigrationsAssembly(SqliteMigrations);
                if (migrationsHistoryTable is not null)
                {
                    sqlite.MigrationsHistoryTable(migrationsHistoryTable);
                }
            }),
            DatabaseProvider.Postgres => options.UseNpgsql(connectionString, npgsql =>
            {
                npgsql.MigrationsAssembly(PostgresMigrations);
                if (migrationsHistoryTable is not null)
                {
                    npgsql.MigrationsHistoryTable(migrationsHistoryTable);
                }
            }),
            _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "Unknown database provider."),
        };
    }

    internal static void EnsureSqliteDirectory(string connectionString)
    {
        var path = new SqliteConnectionStringBuilder(connectionString).DataSource;
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (string.IsNullOrEmpty(directory) || path == ":memory:")
        {
            return;
        }

        try
        {
            Directory.CreateDirectory(directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StartupProblemException(
                $"Cannot create the data directory '{directory}' for the SQLite database ({e.Message}). " +
                "Set Storage:DataDirectory or Database:ConnectionString to a writable place.", e);
        }
    }
}

/// <summary>The provider and connection string in force, for health checks and diagnostics.</summary>
public sealed record DatabaseTarget(DatabaseProvider Provider, string ConnectionString)
{
    /// <summary>The target the settings name; creates the SQLite file's folder (a <see cref="StartupProblemException"/> when it cannot).</summary>
    public static DatabaseTarget From(DatabaseSettings settings, StorageSettings storage)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var provider = settings.ParsedProvider();
        var connectionString = settings.ResolveConnectionString(storage);
        if (provider == DatabaseProvider.Sqlite)
        {
            PersistenceExtensions.EnsureSqliteDirectory(connectionString);
        }

        return new DatabaseTarget(provider, connectionString);
    }

    /// <summary>Where the database is, without credentials: a file path or host:port/database.</summary>
    public string Describe() => Provider switch
    {
        DatabaseProvider.Sqlite => $"SQLite at {new SqliteConnectionStringBuilder(ConnectionString).DataSource}",
        _ => DescribePostgres(ConnectionString),
    };

    private static string DescribePostgres(string connectionString)
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        return $"PostgreSQL at {builder.Host}:{builder.Port}/{builder.Database}";
    }
}
