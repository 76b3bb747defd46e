using Serilog.Core;
using Serilog.Events;

namespace AbStudio.Tests.TestSupport;

/// <summary>Every event the host's Serilog pipeline writes (register as an <see cref="ILogEventSink"/> service).</summary>
public sealed class CapturingLogSink : ILogEventSink
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<LogEvent> _events = new();

    public IReadOnlyList<LogEvent> Events => [.. _events];

    public void Emit(LogEvent logEvent) => _events.Enqueue(logEvent);

    /// <summary>Each event as a log file would hold it: the rendered message, every property, and any exception.</summary>
    public string AllText() => string.Join('\n', Events.Select(e =>
        $"{e.RenderMessage(System.Globalization.CultureInfo.InvariantCulture)} {string.Join(' ', e.Properties.Select(p => $"{p.Key}={p.Value}"))} {e.Exception}"));
}
