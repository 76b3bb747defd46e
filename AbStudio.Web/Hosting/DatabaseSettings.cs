using Microsoft.Extensions.Options;

namespace AbStudio.Web.Hosting;

/// <summary>The <c>Database</c> configuration section: which provider, and where.</summary>
public sealed class DatabaseSettings
{
    public const string Section = "Database";

    /// <summary><c>Sqlite</c> (embedded default) or <c>Postgres</c> (scale-out).</summary>
    public string Provider { get; set; } = nameof(DatabaseProvider.Sqlite);

    /// <summary>For SQLite, empty means <c>DATA_DIRECTORY/abstudio.db</c>; PostgreSQL needs one.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The provider in force, once <see cref="DatabaseSettingsValidator"/> has accepted the section.</summary>
    public DatabaseProvider ParsedProvider() =>
        Enum.TryParse<DatabaseProvider>(Provider, ignoreCase: true, out var provider) && Enum.IsDefined(provider)
            ? provider
            : throw new StartupProblemException(DatabaseSettingsValidator.UnknownProvider(Provider));

    /// <summary>The connection string in force: for SQLite without one, <c>DATA_DIRECTORY/abstudio.db</c>.</summary>
    public string ResolveConnectionString(StorageSettings storage)
    {
        ArgumentNullException.ThrowIfNull(storage);
        return string.IsNullOrWhiteSpace(ConnectionString)
            ? $"Data Source={Path.Combine(storage.ResolveDataDirectory(), "abstudio.db")}"
            : ConnectionString;
    }
}

/// <summary>A wrong <c>Database</c> section stops start-up with a message saying what to set.</summary>
internal sealed class DatabaseSettingsValidator : IValidateOptions<DatabaseSettings>
{
    public static string UnknownProvider(string provider) =>
        $"Database:Provider is '{provider}', which AbStudio does not know. Set it to 'Sqlite' (embedded default) or 'Postgres'.";

    public ValidateOptionsResult Validate(string? name, DatabaseSettings options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!Enum.TryParse<DatabaseProvider>(options.Provider, ignoreCase: true, out var provider) || !Enum.IsDefined(provider))
        {
            return ValidateOptionsResult.Fail(UnknownProvider(options.Provider));
        }

        if (provider == DatabaseProvider.Postgres && string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            return ValidateOptionsResult.Fail(
                "Database:Provider is 'Postgres' but Database:ConnectionString is empty. " +
                "Set it, e.g. 'Host=127.0.0.1;Port=5432;Database=abstudio;Username=abstudio;Password=…'.");
        }

        return ValidateOptionsResult.Success;
    }
}

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}
