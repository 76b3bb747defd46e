using AbStudio.Domain.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace AbStudio.Migrations.Postgres;

/// <summary>Lets dotnet-ef build the model for PostgreSQL without a server or the web host.</summary>
public sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<AbStudioDbContext>
{
    public AbStudioDbContext CreateDbContext(string[] args)
    {
        // Only used to build the model and scaffold migrations: no connection is opened.
        var options = new DbContextOptionsBuilder<AbStudioDbContext>()
            .UseNpgsql("Host=127.0.0.1;Database=abstudio_design_time", npgsql => npgsql.MigrationsAssembly(typeof(PostgresDesignTimeFactory).Assembly.GetName().Name))
            .Options;
        return new AbStudioDbContext(options);
    }
}
