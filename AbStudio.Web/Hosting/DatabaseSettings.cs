namespace AbStudio.Web.Hosting;

/// <summary>The <c>Database</c> configuration section: which provider, and where.</summary>
public sealed class DatabaseSettings
{
    public const string Section = "Database";

    /// <summary><c>Sqlite</c> (embedded default) or <c>Postgres</c> (scale-out).</summary>
    public string Provider { get; set; } = nameof(DatabaseProvider.Sqlite);

    /// <summary>For SQLite, empty means <c>DATA_DIRECTORY/abstudio.db</c>; PostgreSQL needs one.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Reads and checks the section; a wrong value stops start-up with a message saying what to set.</summary>
    public static (DatabaseProvider Provider, string ConnectionString) Resolve(IConfiguration configuration)
    {
        var settings = configuration.GetSection(Section).Get<DatabaseSettings>() ?? new DatabaseSettings();
        if (!Enum.TryParse<DatabaseProvider>(settings.Provider, ignoreCase: true, out var provider) ||
            !Enum.IsDefined(provider))
        {
            throw new StartupProblemException(
                $"Database:Provider is '{settings.Provider}', which AbStudio does not know. " +
                "Set it to 'Sqlite' (embedded default) or 'Postgres'.");
        }

        if (provider == DatabaseProvider.Postgres && string.IsNullOrWhiteSpace(settings.ConnectionString))
        {
            throw new StartupProblemException(
                "Database:Provider is 'Postgres' but Database:ConnectionString is empty. " +
                "Set it, e.g. 'Host=127.0.0.1;Port=5432;Database=abstudio;Username=abstudio;Password=…'.");
        }

        var connectionString = settings.ConnectionString;
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            var dataDirectory = StorageSettings.From(configuration).ResolveDataDirectory();
            connectionString = $"Data Source={Path.Combine(dataDirectory, "abstudio.db")}";
        }

        return (provider, connectionString);
    }
}

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}
