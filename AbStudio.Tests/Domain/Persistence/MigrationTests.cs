using AbStudio.Domain.Governance;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

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

    /// <summary>
    /// Upgrading a database from before teams: every dataset goes to the default team (its well-known
    /// id), private; a team already named "default" (token create --team default) becomes that team,
    /// members and all. Down to the previous migration and up again, on the class's database.
    /// </summary>
    [Fact]
    public async Task Migrate_FromBeforeTeams_GivesEveryRowToTheDefaultTeamAndKeepsItsMembers()
    {
        var token = TestContext.Current.CancellationToken;
        await using var db = database.CreateContext();
        var migrator = db.GetService<IMigrator>();
        var applied = (await db.Database.GetAppliedMigrationsAsync(token)).ToList();
        var before = applied[applied.FindIndex(m => m.EndsWith("_TeamOwnership", StringComparison.Ordinal)) - 1];
        await migrator.MigrateAsync(before, token);

        // Down keeps the default team (people may have joined it since); a database from before teams had none.
        await db.Database.ExecuteSqlRawAsync("""DELETE FROM team_members WHERE "TeamId" = {0}""", [Team.DefaultId], token);
        await db.Database.ExecuteSqlRawAsync("""DELETE FROM teams WHERE "Id" = {0}""", [Team.DefaultId], token);
        var (oldTeam, member, dataset) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        await db.Database.ExecuteSqlRawAsync("""INSERT INTO teams ("Id", "Name", "CreatedAt") VALUES ({0}, 'default', {1})""", [oldTeam, DateTime.UtcNow], token);
        await db.Database.ExecuteSqlRawAsync("""INSERT INTO team_members ("TeamId", "UserId", "AddedAt") VALUES ({0}, {1}, {2})""", [oldTeam, member, DateTime.UtcNow], token);
        await db.Database.ExecuteSqlRawAsync(
            """INSERT INTO datasets ("Id", "Name", "Format", "ContentHash", "DocumentCount", "QueryCount", "JudgmentCount", "CreatedAt") VALUES ({0}, 'old', 0, {1}, 0, 0, 0, {2})""",
            [dataset, new string('a', 64), DateTime.UtcNow], token);

        await migrator.MigrateAsync(cancellationToken: token);

        await using var after = database.CreateContext();
        var team = await after.Teams.Include(t => t.Members).SingleAsync(t => t.Name == Team.DefaultName, token);
        Assert.Equal(Team.DefaultId, team.Id);
        Assert.Contains(team.Members, m => m.UserId == member);
        Assert.False(await after.Teams.AnyAsync(t => t.Id == oldTeam, token));
        var upgraded = await after.Datasets.SingleAsync(d => d.Id == dataset, token);
        Assert.Equal((Team.DefaultId, false), (upgraded.TeamId, upgraded.Shared));
        Assert.Empty(await after.Database.GetPendingMigrationsAsync(token));
    }
}

public sealed class SqliteMigrationTests(SqliteDatabaseFixture database)
    : MigrationTests(database), IClassFixture<SqliteDatabaseFixture>;

public sealed class PostgresMigrationTests(PostgresDatabaseFixture database)
    : MigrationTests(database), IClassFixture<PostgresDatabaseFixture>;
