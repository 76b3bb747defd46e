using System.Collections.Immutable;

namespace AbStudio.Web.Realtime;

/// <summary>
/// In-process fan-out of <see cref="StatusUpdate"/>s: jobs publish, Blazor pages and the SignalR
/// broadcaster subscribe (and dispose their subscription when they go). A slow or failing
/// subscriber never holds up the publisher or the other subscribers.
/// </summary>
public sealed partial class StatusNotifier(ILogger<StatusNotifier> logger)
{
    private ImmutableArray<Func<StatusUpdate, Task>> _subscribers = [];

    public IDisposable Subscribe(Func<StatusUpdate, Task> subscriber)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        ImmutableInterlocked.Update(ref _subscribers, list => list.Add(subscriber));
        return new Subscription(() => ImmutableInterlocked.Update(ref _subscribers, list => list.Remove(subscriber)));
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
