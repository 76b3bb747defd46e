using System.Diagnostics;

namespace AbStudio.Web.Realtime;

/// <summary>
/// Coalesces re-render requests from status updates: at most one render per interval, and always
/// one after the last request, so a page shows the latest state without re-rendering for every
/// batch a job reports. The caller stores the state first, then calls <see cref="Request"/>.
/// </summary>
public sealed class RenderThrottle(Func<Task> render, TimeSpan interval) : IDisposable
{
    private int _scheduled;
    private long _lastRender;
    private volatile bool _disposed;

    public void Request()
    {
        if (_disposed || Interlocked.Exchange(ref _scheduled, 1) == 1)
        {
            return;
        }

        var wait = interval - Stopwatch.GetElapsedTime(Interlocked.Read(ref _lastRender));
        _ = RenderAfterAsync(wait);
    }

    public void Dispose() => _disposed = true;

    private async Task RenderAfterAsync(TimeSpan wait)
    {
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait);
        }

        // Cleared before rendering: a request that arrives during the render schedules the next one.
        Volatile.Write(ref _scheduled, 0);
        Interlocked.Exchange(ref _lastRender, Stopwatch.GetTimestamp());
        if (!_disposed)
        {
            try
            {
                await render();
            }
            catch (ObjectDisposedException)
            {
                // The circuit went between the check and the render: nothing is left to update.
            }
        }
    }
}
