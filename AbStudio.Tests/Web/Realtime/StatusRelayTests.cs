using System.Threading.Channels;
using AbStudio.Domain.Chunking;
using AbStudio.Domain.Collections;
using AbStudio.Domain.Datasets.Import;
using AbStudio.Domain.Embeddings.Hashing;
using AbStudio.Tests.Domain.Persistence;
using AbStudio.Web.Features.Collections;
using AbStudio.Web.Realtime;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace AbStudio.Tests.Web.Realtime;

/// <summary>Status a worker process writes to PostgreSQL reaches a web host's hub clients.</summary>
public sealed class StatusRelayTests : IAsyncLifetime
{
    private readonly PostgresDatabaseFixture _database = new();
    private readonly string _directory = Directory.CreateTempSubdirectory("abstudio-relay-").FullName;

    public ValueTask InitializeAsync() => _database.InitializeAsync();

    [Fact]
    public async Task Watch_ABuildOnAnotherHost_ReceivesPendingBuildingAndReady()
    {
        await using var web = new AbStudioWebFactory(new Dictionary<string, string>
        {
            ["Role"] = "web",
            ["Database:Provider"] = "Postgres",
            ["Database:ConnectionString"] = _database.ConnectionString,
            ["Datasets:SeedDemo"] = "false",
            ["Realtime:RelayInterval"] = "00:00:00.250",
        });
        await using var connection = StatusHubClient.Connect(web);
        var received = Channel.CreateUnbounded<StatusUpdate>();
        connection.On<StatusUpdate>(nameof(IStatusClient.StatusChanged), update => received.Writer.TryWrite(update));
        await connection.StartAsync(TestContext.Current.CancellationToken);

        // SciFact in 6-token chunks: a build of a few seconds, long enough to be seen building.
        var dataset = await web.Services.GetRequiredService<DatasetImporter>()
            .ImportAsync(new DatasetImportRequest(Path.Combine(SharedData.Datasets, "scifact")), TestContext.Current.CancellationToken);
        var hashing = new FeatureHashingEmbeddingGenerator(64);
        var specification = new CollectionSpecification(dataset.ContentHash, new ChunkingSettings(ChunkingStrategy.Tokens, 6, 0), "hashing", hashing.Model.ModelId, hashing.Model.Revision, 64, true, null, "flat");
        var plan = await web.Services.GetRequiredService<CollectionsService>().PlanAsync(specification, dataset.DatasetId, true, TestContext.Current.CancellationToken);
        await connection.InvokeAsync(nameof(StatusHub.Watch), "collection", plan.CollectionId, TestContext.Current.CancellationToken);

        using var worker = await WorkerProcess.StartAsync(_directory, _database.ConnectionString, Path.Combine(_directory, "worker"));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        var statuses = new List<StatusUpdate>();
        while (statuses.LastOrDefault()?.Status is not ("ready" or "failed"))
        {
            statuses.Add(await received.Reader.ReadAsync(timeout.Token));
        }

        var order = statuses.Select(s => s.Status).Distinct().ToList();
        Assert.Equal(["pending", "building", "ready"], order);
        Assert.Contains(statuses, s => s.Status == "building" && s.Total > 0);
        Assert.Equal(statuses[^1].Total, statuses[^1].Done);
        Assert.True(statuses.Count(s => s.Status == "ready") == 1, string.Join(", ", statuses.Select(s => $"{s.Status} {s.Done}/{s.Total}")));
    }

    public async ValueTask DisposeAsync()
    {
        await _database.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}
