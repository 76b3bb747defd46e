using System.Threading.Channels;
using AbStudio.Tests.TestSupport;
using AbStudio.Web.Realtime;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace AbStudio.Tests.Web.Realtime;

public sealed class StatusHubTests
{
    [Fact]
    public async Task Watch_ACollection_ReceivesItsUpdatesAndNotOthers()
    {
        await using var factory = new AbStudioWebFactory();
        await using var connection = Connect(factory);
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
    public async Task Watch_UnknownKind_IsRefusedWithTheKindsThatExist()
    {
        await using var factory = new AbStudioWebFactory();
        await using var connection = Connect(factory);
        await connection.StartAsync(TestContext.Current.CancellationToken);

        var error = await Assert.ThrowsAsync<HubException>(() => connection.InvokeAsync(nameof(StatusHub.Watch), "dataset", Guid.NewGuid(), TestContext.Current.CancellationToken));

        Assert.Contains("'dataset' cannot be watched; watch one of collection, test, run", error.Message, StringComparison.Ordinal);
    }

    // Long polling through the in-memory test server: a real SignalR client, no socket needed.
    private static HubConnection Connect(AbStudioWebFactory factory)
    {
        var server = factory.Server;
        return new HubConnectionBuilder()
            .WithUrl(new Uri(server.BaseAddress, "/hubs/status"), options =>
            {
                options.Transports = HttpTransportType.LongPolling;
                options.HttpMessageHandlerFactory = _ => server.CreateHandler();
            })
            .Build();
    }
}
