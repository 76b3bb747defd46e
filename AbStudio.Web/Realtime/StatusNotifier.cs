using System.Collections.Immutable;
using AbStudio.Domain.Lifecycle;

namespace AbStudio.Web.Realtime;

/// <summary>
/// In-process fan-out of <see cref="StatusUpdate"/>s: jobs publish, Blazor pages and the SignalR
/// broadcaster subscribe (and dispose their subscription when they go). A slow or failing
/// subscriber never holds up the publisher or the other subscribers.
/// </summary>
public sealed partial class StatusNotifier(ILogger<StatusNotifier> logger) : IStatusObserver
{
    private ImmutableArray<Func<StatusUpdate, Task>> _subscribers = [];

    public IDisposable Subscribe(Func<StatusUpdate, Task> subscriber)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        ImmutableInterlocked.Update(ref _subscribers, list => list.Add(subscriber));
        return new Subscription(() => ImmutableInterlocked.Update(ref _subscribers, list => list.Remove(subscriber)));
    }

    /// <summary>The lifecycle's committed changes, told to the same watchers.</summary>
    public void Changed(StatusChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        Publish(new StatusUpdate(change.Kind, change.Id, change.Status, change.Done, change.Total, Message: change.Message));
    }

    public void Publish(StatusUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        foreach (var subscriber in _subscribers)
        {
            _ = NotifyAsync(subscriber, update);
        }
    }

    private async Task NotifyAsync(Func<StatusUpdate, Task> subscriber, StatusUpdate update)
    {
        try
        {
            await subscriber(update);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogSubscriberFailed(e, update.Kind, update.Id);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A status subscriber failed for {Kind} {Id}")]
    private partial void LogSubscriberFailed(Exception exception, string kind, Guid id);

    private sealed class Subscription(Action unsubscribe) : IDisposable
    {
        private Action? _unsubscribe = unsubscribe;

        public void Dispose() => Interlocked.Exchange(ref _unsubscribe, null)?.Invoke();
    }
}
