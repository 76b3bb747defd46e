using AbStudio.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace AbStudio.Migrations.Postgres;

/// <summary>Lets dotnet-ef build the accounts model for PostgreSQL (docs/adr/0006) without a server or the web host.</summary>
public sealed class PostgresAccountsDesignTimeFactory : IDesignTimeDbContextFactory<AccountsDbContext>
{
    public AccountsDbContext CreateDbContext(string[] args)
    {
        // Only used to build the model and scaffold migrations: no connection is opened.
        var options = new DbContextOptionsBuilder<AccountsDbContext>()
            .UseNpgsql("Host=127.0.0.1;Database=abstudio_design_time", npgsql => npgsql
                .MigrationsAssembly(typeof(PostgresAccountsDesignTimeFactory).Assembly.GetName().Name)
                .MigrationsHistoryTable(AccountsDbContext.MigrationsHistoryTable))
            .Options;
        return new AccountsDbContext(options);
    }
}
