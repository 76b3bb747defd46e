using Microsoft.EntityFrameworkCore;

namespace AbStudio.Tests.Domain.Persistence;

/// <summary>Each provider's migrations, applied to an empty database, build exactly the model the code expects.</summary>
public abstract class MigrationTests(DatabaseFixture database)
{
    [Fact]
    public async Task Migrate_EmptyDatabase_LeavesNoPendingMigrationsOrModelChanges()
    {
        await using var db = database.CreateContext();

        var pending = await db.Database.GetPendingMigrationsAsync(TestContext.Current.CancellationToken);

        Assert.Empty(pending);
        Assert.NotEmpty(await db.Database.GetAppliedMigrationsAsync(TestContext.Current.CancellationToken));
        Assert.False(db.Database.HasPendingModelChanges(), "The model has changes no migration captures: run Migrations/add-migration.sh NAME.");
    }

    [Fact]
    public async Task Migrate_EmptyDatabase_LeavesTheAccountsModelWithNoPendingMigrationsOrModelChanges()
    {
        await using var accounts = database.CreateAccountsContext();

        var pending = await accounts.Database.GetPendingMigrationsAsync(TestContext.Current.CancellationToken);

        Assert.Empty(pending);
        Assert.NotEmpty(await accounts.Database.GetAppliedMigrationsAsync(TestContext.Current.CancellationToken));
        Assert.False(accounts.Database.HasPendingModelChanges(), "The accounts model has changes no migration captures: run Migrations/add-migration.sh NAME --context accounts.");
    }

    [Fact]
    public async Task Migrate_EmptyDatabase_KeepsEachContextsHistoryApart()
    {
        await using var engine = database.CreateContext();
        await using var accounts = database.CreateAccountsContext();

        var engineApplied = await engine.Database.GetAppliedMigrationsAsync(TestContext.Current.CancellationToken);
        var accountsApplied = await accounts.Database.GetAppliedMigrationsAsync(TestContext.Current.CancellationToken);

        Assert.Empty(engineApplied.Intersect(accountsApplied));
        Assert.Contains(accountsApplied, m => m.EndsWith("_Accounts", StringComparison.Ordinal));
        Assert.DoesNotContain(engineApplied, m => m.EndsWith("_Accounts", StringComparison.Ordinal));
    }
}

public sealed class SqliteMigrationTests(SqliteDatabaseFixture database)
    : MigrationTests(database), IClassFixture<SqliteDatabaseFixture>;

public sealed class PostgresMigrationTests(PostgresDatabaseFixture database)
    : MigrationTests(database), IClassFixture<PostgresDatabaseFixture>;
