using AbStudio.Web.Features.Accounts;
using Microsoft.AspNetCore.SignalR;

namespace AbStudio.Web.Realtime;

/// <summary>What a watching client receives.</summary>
public interface IStatusClient
{
    Task StatusChanged(StatusUpdate update);
}

/// <summary>
/// <c>/hubs/status</c>: dashboards and scripts watch a test, run or collection by joining its
/// group; <see cref="StatusHubBroadcaster"/> relays every published update to its group.
/// </summary>
public sealed class StatusHub(StatusSnapshots snapshots) : Hub<IStatusClient>
{
    public static readonly string[] Kinds = [.. StatusSources.All.Select(s => s.Kind)];

    /// <summary>
    /// Joins the item's group and sends its current state straight away. An item outside the caller's
    /// teams is refused with the same words as an unknown id, and its group is not joined.
    /// </summary>
    public async Task Watch(string kind, Guid id)
    {
        var scope = Actor.From(Context.User).Scope;
        if (!await snapshots.VisibleAsync(scope, Checked(kind), id, Context.ConnectionAborted))
        {
            throw new HubException($"There is no {kind} with id {id}.");
        }

        await Groups.AddToGroupAsync(Context.ConnectionId, StatusUpdate.GroupOf(kind, id));
        if (await snapshots.GetAsync(scope, kind, id, Context.ConnectionAborted) is { } current)
        {
            await Clients.Caller.StatusChanged(current);
        }
    }

    public Task Unwatch(string kind, Guid id) => Groups.RemoveFromGroupAsync(Context.ConnectionId, StatusUpdate.GroupOf(Checked(kind), id));

    private static string Checked(string kind) =>
        Kinds.Contains(kind) ? kind : throw new HubException($"'{kind}' cannot be watched; watch one of {string.Join(", ", Kinds)}.");
}

/// <summary>Relays the in-process notifier's updates to the SignalR groups watching them.</summary>
public sealed class StatusHubBroadcaster(StatusNotifier notifier, IHubContext<StatusHub, IStatusClient> hub) : IHostedService
{
    private IDisposable? _subscription;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _subscription = notifier.Subscribe(update => hub.Clients.Group(update.Group).StatusChanged(update));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _subscription?.Dispose();
        return Task.CompletedTask;
    }
}
