using AbStudio.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace AbStudio.Migrations.Sqlite;

/// <summary>Lets dotnet-ef build the accounts model for SQLite (docs/adr/0006) without starting the web host.</summary>
public sealed class SqliteAccountsDesignTimeFactory : IDesignTimeDbContextFactory<AccountsDbContext>
{
    public AccountsDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<AccountsDbContext>()
            .UseSqlite("Data Source=design-time.db", sqlite => sqlite
                .MigrationsAssembly(typeof(SqliteAccountsDesignTimeFactory).Assembly.GetName().Name)
                .MigrationsHistoryTable(AccountsDbContext.MigrationsHistoryTable))
            .Options;
        return new AccountsDbContext(options);
    }
}
