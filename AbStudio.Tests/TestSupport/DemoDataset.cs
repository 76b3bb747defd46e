using AbStudio.Domain.Persistence;
using AbStudio.Web.Features.Datasets;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AbStudio.Tests.TestSupport;

/// <summary>The demo dataset a test host seeds on start: its id and content hash.</summary>
internal static class DemoDataset
{
    public static async Task<(Guid Id, string ContentHash)> FindAsync(AbStudioWebFactory factory)
    {
        _ = factory.Server;
        var contexts = factory.Services.GetRequiredService<IDbContextFactory<AbStudioDbContext>>();
        await using var db = await contexts.CreateDbContextAsync(TestContext.Current.CancellationToken);
        var demo = await db.Datasets.SingleAsync(d => d.Name == DemoDatasetSeeder.Name, TestContext.Current.CancellationToken);
        return (demo.Id, demo.ContentHash);
    }
}
