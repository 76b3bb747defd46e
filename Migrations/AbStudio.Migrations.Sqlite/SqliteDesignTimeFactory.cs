using AbStudio.Domain.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace AbStudio.Migrations.Sqlite;

/// <summary>Lets dotnet-ef build the model for SQLite without starting the web host.</summary>
public sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<AbStudioDbContext>
{
    public AbStudioDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<AbStudioDbContext>()
            .UseSqlite("Data Source=design-time.db", sqlite => sqlite.MigrationsAssembly(typeof(SqliteDesignTimeFactory).Assembly.GetName().Name))
            .Options;
        return new AbStudioDbContext(options);
    }
}
