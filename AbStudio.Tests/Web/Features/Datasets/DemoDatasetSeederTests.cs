using AbStudio.Domain.Datasets.Import;
using AbStudio.Tests.Domain.Persistence;
using AbStudio.Web.Features.Datasets;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace AbStudio.Tests.Web.Features.Datasets;

public sealed class DemoDatasetSeederTests(SqliteDatabaseFixture database) : IClassFixture<SqliteDatabaseFixture>
{
    [Fact]
    public async Task SeedAsync_RunTwice_StoresTheDemoOnceWithItsPinnedHash()
    {
        var contexts = new FixtureContextFactory(database);
        var seeder = new DemoDatasetSeeder(
            new DatasetImporter(contexts, new DatasetImportLimits()), contexts,
            new ConfigurationBuilder().Build(), NullLogger<DemoDatasetSeeder>.Instance);

        await seeder.SeedAsync(TestContext.Current.CancellationToken);
        await seeder.SeedAsync(TestContext.Current.CancellationToken);

        await using var db = database.CreateContext();
        var demo = Assert.Single(await db.Datasets.Where(d => d.Name == DemoDatasetSeeder.Name).ToListAsync(TestContext.Current.CancellationToken));
        Assert.Equal("f566f6ed1c5578fdfca23044811d5f39f50f793dab6d3b66d9ce8bbd6ca007b5", demo.ContentHash);
        Assert.Equal((201, 50, 60), (demo.DocumentCount, demo.QueryCount, demo.JudgmentCount));
    }
}
