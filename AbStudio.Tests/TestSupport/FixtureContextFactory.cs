using AbStudio.Domain.Persistence;
using AbStudio.Tests.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AbStudio.Tests.TestSupport;

/// <summary>The fixture's database as the <see cref="IDbContextFactory{TContext}"/> services expect.</summary>
internal sealed class FixtureContextFactory(DatabaseFixture database) : IDbContextFactory<AbStudioDbContext>
{
    public AbStudioDbContext CreateDbContext() => database.CreateContext();
}

/// <summary>For validation-only code paths: any attempt to reach a database fails the test.</summary>
internal sealed class NoDatabase : IDbContextFactory<AbStudioDbContext>
{
    public AbStudioDbContext CreateDbContext() => throw new InvalidOperationException("This code path must not touch the database.");
}
