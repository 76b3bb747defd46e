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
}

public sealed class SqliteMigrationTests(SqliteDatabaseFixture database)
    : MigrationTests(database), IClassFixture<SqliteDatabaseFixture>;

public sealed class PostgresMigrationTests(PostgresDatabaseFixture database)
    : MigrationTests(database), IClassFixture<PostgresDatabaseFixture>;
