using AbStudio.Domain.Persistence;
using AbStudio.Identity;
using AbStudio.Web.Hosting;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace AbStudio.Tests.Domain.Persistence;

/// <summary>
/// A fresh, fully migrated database per test class, configured exactly as the host configures it
/// (<see cref="PersistenceExtensions.Configure"/>). Subclasses pick the provider.
/// </summary>
public abstract class DatabaseFixture : IAsyncLifetime
{
    private DbContextOptions<AbStudioDbContext>? _options;
    private DbContextOptions<AccountsDbContext>? _accountsOptions;

    public abstract DatabaseProvider Provider { get; }

    public string ConnectionString { get; private set; } = "";

    public AbStudioDbContext CreateContext() =>
        new(_options ?? throw new InvalidOperationException("The fixture is not initialized."));

    /// <summary>The accounts context (ASP.NET Core Identity) on the same database, as the host configures it.</summary>
    public AccountsDbContext CreateAccountsContext() =>
        new(_accountsOptions ?? throw new InvalidOperationException("The fixture is not initialized."));

    public async ValueTask InitializeAsync()
    {
        ConnectionString = await CreateEmptyDatabaseAsync();
        var builder = new DbContextOptionsBuilder<AbStudioDbContext>();
        PersistenceExtensions.Configure(builder, Provider, ConnectionString);
        _options = builder.Options;
        var accounts = new DbContextOptionsBuilder<AccountsDbContext>();
        PersistenceExtensions.Configure(accounts, Provider, ConnectionString, AccountsDbContext.MigrationsHistoryTable);
        _accountsOptions = accounts.Options;

        await using var db = CreateContext();
        await db.Database.MigrateAsync();
        await using var accountsDb = CreateAccountsContext();
        await accountsDb.Database.MigrateAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await DropDatabaseAsync();
        GC.SuppressFinalize(this);
    }

    protected abstract Task<string> CreateEmptyDatabaseAsync();

    protected abstract Task DropDatabaseAsync();
}

public sealed class SqliteDatabaseFixture : DatabaseFixture
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), "abstudio-tests", $"{Guid.NewGuid():N}.db");

    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    protected override Task<string> CreateEmptyDatabaseAsync()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        return Task.FromResult($"Data Source={_path};Pooling=False");
    }

    protected override Task DropDatabaseAsync()
    {
        foreach (var file in new[] { _path, _path + "-wal", _path + "-shm" })
        {
            File.Delete(file);
        }

        return Task.CompletedTask;
    }
}

public sealed class PostgresDatabaseFixture : DatabaseFixture
{
    private readonly string _database = $"abstudio_test_{Guid.NewGuid():N}";

    public override DatabaseProvider Provider => DatabaseProvider.Postgres;

    protected override async Task<string> CreateEmptyDatabaseAsync()
    {
        await ExecuteOnServerAsync($"CREATE DATABASE \"{_database}\"");
        return new NpgsqlConnectionStringBuilder(PostgresServer.ConnectionString) { Database = _database }.ConnectionString;
    }

    protected override async Task DropDatabaseAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await ExecuteOnServerAsync($"DROP DATABASE IF EXISTS \"{_database}\" WITH (FORCE)");
    }

    private static async Task ExecuteOnServerAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(PostgresServer.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
