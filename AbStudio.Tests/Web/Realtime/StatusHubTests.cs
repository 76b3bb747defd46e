using System.Threading.Channels;
using AbStudio.Domain.Chunking;
using AbStudio.Domain.Collections;
using AbStudio.Domain.Embeddings.Hashing;
using AbStudio.Domain.Persistence;
using AbStudio.Web.Features.Collections;
using AbStudio.Web.Features.Datasets;
using AbStudio.Web.Jobs;
using AbStudio.Web.Realtime;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AbStudio.Tests.Web.Realtime;

public sealed class StatusHubTests
{
    [Fact]
    public async Task Watch_ACollection_ReceivesItsUpdatesAndNotOthers()
    {
        await using var factory = new AbStudioWebFactory();
        await using var connection = StatusHubClient.Connect(factory);
        var received = Channel.CreateUnbounded<StatusUpdate>();
        connection.On<StatusUpdate>(nameof(IStatusClient.StatusChanged), update => received.Writer.TryWrite(update));
        await connection.StartAsync(TestContext.Current.CancellationToken);
        var watched = Guid.NewGuid();
        await connection.InvokeAsync(nameof(StatusHub.Watch), "collection", watched, TestContext.Current.CancellationToken);
        var notifier = factory.Services.GetRequiredService<StatusNotifier>();

        notifier.Publish(new StatusUpdate("collection", Guid.NewGuid(), "building", 1, 10));
        notifier.Publish(new StatusUpdate("collection", watched, "building", 64, 5183, RatePerSecond: 65, EtaSeconds: 79));
        notifier.Publish(new StatusUpdate("collection", watched, "ready", 5183, 5183));

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        var first = await received.Reader.ReadAsync(timeout.Token);
        var second = await received.Reader.ReadAsync(timeout.Token);
        Assert.Equal((watched, "building", 64L, 5183L, (double?)65), (first.Id, first.Status, first.Done, first.Total, first.RatePerSecond));
        Assert.Equal((watched, "ready"), (second.Id, second.Status));
        Assert.False(received.Reader.TryRead(out _));
    }

    [Fact]
    public async Task Watch_ARealCollectionBuild_ReceivesPendingBuildingAndReadyWithProgress()
    {
        // A web-role host does not dispatch by itself, so the test watches before the build starts
        // and then runs one dispatcher pass: queue claim, job, progress and hub, all real.
        await using var factory = new AbStudioWebFactory(new Dictionary<string, string> { ["Role"] = "web" });
        await using var connection = StatusHubClient.Connect(factory);
        var received = Channel.CreateUnbounded<StatusUpdate>();
        connection.On<StatusUpdate>(nameof(IStatusClient.StatusChanged), update => received.Writer.TryWrite(update));
        await connection.StartAsync(TestContext.Current.CancellationToken);
        var (specification, datasetId) = await DemoHashingSpecificationAsync(factory);
        var plan = await factory.Services.GetRequiredService<CollectionsService>().PlanAsync(specification, datasetId, reuseExisting: true, TestContext.Current.CancellationToken);
        await connection.InvokeAsync(nameof(StatusHub.Watch), "collection", plan.CollectionId, TestContext.Current.CancellationToken);

        await factory.Services.GetRequiredService<JobDispatcher>().DispatchAsync();

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        var statuses = new List<StatusUpdate>();
        while (statuses.LastOrDefault()?.Status != "ready")
        {
            statuses.Add(await received.Reader.ReadAsync(timeout.Token));
        }

        Assert.Equal("pending", statuses[0].Status);
        Assert.Contains(statuses, s => s.Status == "building" && s.Total == 201);
        Assert.Equal((201L, 201L), (statuses[^1].Done, statuses[^1].Total));
    }

    [Fact]
    public async Task Watch_UnknownKind_IsRefusedWithTheKindsThatExist()
    {
        await using var factory = new AbStudioWebFactory();
        await using var connection = StatusHubClient.Connect(factory);
        await connection.StartAsync(TestContext.Current.CancellationToken);

        var error = await Assert.ThrowsAsync<HubException>(() => connection.InvokeAsync(nameof(StatusHub.Watch), "dataset", Guid.NewGuid(), TestContext.Current.CancellationToken));

        Assert.Contains("'dataset' cannot be watched; watch one of collection, test, run, job", error.Message, StringComparison.Ordinal);
    }

    private static async Task<(CollectionSpecification Specification, Guid DatasetId)> DemoHashingSpecificationAsync(AbStudioWebFactory factory)
    {
        var (id, contentHash) = await DemoDataset.FindAsync(factory);
        var hashing = new FeatureHashingEmbeddingGenerator(128);
        var specification = new CollectionSpecification(contentHash, new ChunkingSettings(), "hashing", hashing.Model.ModelId, hashing.Model.Revision, 128, true, null, "flat");
        return (specification, id);
    }
}
