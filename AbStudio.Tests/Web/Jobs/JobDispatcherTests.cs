using AbStudio.Domain.Chunking;
using AbStudio.Domain.Collections;
using AbStudio.Domain.Embeddings.Hashing;
using AbStudio.Domain.Jobs;
using AbStudio.Domain.Persistence;
using AbStudio.Web.Features.Collections;
using AbStudio.Web.Features.Datasets;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AbStudio.Tests.Web.Jobs;

/// <summary>The host's own dispatcher, on Coravel, picks planned builds up with nobody calling it.</summary>
public sealed class JobDispatcherTests
{
    [Fact]
    public async Task PlannedBuild_OnAHostThatDoesBackgroundWork_IsBuiltByTheDispatcherAndTheJobSucceeds()
    {
        await using var factory = new AbStudioWebFactory();
        var (datasetId, contentHash) = await DemoDataset.FindAsync(factory);
        var contexts = factory.Services.GetRequiredService<IDbContextFactory<AbStudioDbContext>>();

        var hashing = new FeatureHashingEmbeddingGenerator(32);
        var specification = new CollectionSpecification(contentHash, new ChunkingSettings(ChunkingStrategy.Sentences, 40, 5), "hashing", hashing.Model.ModelId, hashing.Model.Revision, 32, true, null, "flat");
        var plan = await factory.Services.GetRequiredService<CollectionsService>().PlanAsync(specification, datasetId, true, TestContext.Current.CancellationToken);

        var deadline = DateTime.UtcNow.AddSeconds(60);
        Collection? collection = null;
        while (DateTime.UtcNow < deadline)
        {
            await using var db = await contexts.CreateDbContextAsync(TestContext.Current.CancellationToken);
            collection = await db.Collections.AsNoTracking().SingleAsync(c => c.Id == plan.CollectionId, TestContext.Current.CancellationToken);
            if (collection.Status is CollectionStatus.Ready or CollectionStatus.Failed)
            {
                break;
            }

            await Task.Delay(200, TestContext.Current.CancellationToken);
        }

        Assert.Equal(CollectionStatus.Ready, collection!.Status);
        await using (var db = await contexts.CreateDbContextAsync(TestContext.Current.CancellationToken))
        {
            var job = await db.Jobs.Include(j => j.History).SingleAsync(j => j.Id == plan.JobId, TestContext.Current.CancellationToken);
            for (var i = 0; i < 50 && job.Status != JobStatus.Succeeded; i++)
            {
                await Task.Delay(100, TestContext.Current.CancellationToken);
                await db.Entry(job).ReloadAsync(TestContext.Current.CancellationToken);
            }

            Assert.Equal(JobStatus.Succeeded, job.Status);
        }
    }
}
