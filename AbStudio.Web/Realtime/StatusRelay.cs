using System.Collections.Concurrent;
using System.ComponentModel.DataAnnotations;
using AbStudio.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AbStudio.Web.Realtime;

/// <summary>How often a host that serves users looks for status other hosts wrote.</summary>
public sealed record StatusRelayOptions
{
    public const string Section = "Realtime";

    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00", ErrorMessage = "set a time from {1} to {2}, e.g. 00:00:01.")]
    public TimeSpan RelayInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How far back "recently finished" reaches: covers items that start and finish between two looks,
    /// and the clock difference between hosts (the finishing host stamps the row).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ErrorMessage = "set a time from {1} to {2}, e.g. 00:00:30.")]
    public TimeSpan FinishedWindow { get; init; } = TimeSpan.FromSeconds(30);
}

/// <summary>
/// Brings status written by other hosts (workers) into this host's <see cref="StatusNotifier"/>,
/// and so to its Blazor pages and SignalR clients: every <see cref="StatusRelayOptions.RelayInterval"/>
/// it reads the items that are moving (<see cref="StatusSource.Moving"/>) and publishes those whose
/// state changed since it last saw them. What this host published itself counts as seen, so its own
/// updates are not published again; and the database, written only every few seconds during a build,
/// never moves a watcher's progress backwards. See docs/adr/0005-cross-host-status.md.
/// </summary>
public sealed partial class StatusRelay(
    IDbContextFactory<AbStudioDbContext> contexts,
    StatusNotifier notifier,
    StatusRelayOptions options,
    TimeProvider time,
    ILogger<StatusRelay> log) : BackgroundService
{
    private readonly ConcurrentDictionary<(string Kind, Guid Id), Seen> _seen = new();
    private readonly Dictionary<string, Guid[]> _unfinished = [];
    private long _clock;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var ownUpdates = notifier.Subscribe(update =>
        {
            _seen[(update.Kind, update.Id)] = new Seen(update, Interlocked.Increment(ref _clock));
            return Task.CompletedTask;
        });
        using var timer = new PeriodicTimer(options.RelayInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await RelayAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
            {
                // The database may be briefly away; the next look catches up.
                LogRelayFailed(e);
            }
        }
    }

    /// <summary>One look at every kind; publishes what changed.</summary>
    public async Task RelayAsync(CancellationToken cancellationToken)
    {
        // Anything this host publishes from now on is at least as new as what the read returns.
        var lookStarted = Interlocked.Increment(ref _clock);
        var finishedSince = time.GetUtcNow().UtcDateTime - options.FinishedWindow;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        foreach (var source in StatusSources.All)
        {
            var rows = await source.Moving(db, _unfinished.GetValueOrDefault(source.Kind, []), finishedSince)
                .AsNoTracking().ToListAsync(cancellationToken);
            foreach (var row in rows)
            {
                var update = row.ToUpdate(source.Kind);
                var key = (source.Kind, row.Id);
                var last = _seen.GetValueOrDefault(key);
                if (last is not null && (last.Stamp > lookStarted || !IsNews(last.Update, update)))
                {
                    continue;
                }

                _seen[key] = new Seen(update, Interlocked.Increment(ref _clock));
                notifier.Publish(update);
            }

            _unfinished[source.Kind] = [.. rows.Where(r => !r.Finished).Select(r => r.Id)];
            Forget(source.Kind, rows.Select(r => r.Id).ToHashSet(), lookStarted);
        }
    }

    /// <summary>
    /// A new status, or more progress within the same status. Less progress is an older write (the
    /// builder persists progress every few seconds but reports it more often); a rebuild starting
    /// again from zero comes with a new status (pending) first.
    /// </summary>
    internal static bool IsNews(StatusUpdate last, StatusUpdate now) =>
        last.Status != now.Status || now.Done > last.Done || now.Total != last.Total;

    /// <summary>Items no longer moving leave the memory, so it stays as small as the work under way.</summary>
    private void Forget(string kind, HashSet<Guid> stillMoving, long lookStarted)
    {
        foreach (var (key, seen) in _seen)
        {
            if (key.Kind == kind && !stillMoving.Contains(key.Id) && seen.Stamp < lookStarted)
            {
                _seen.TryRemove(KeyValuePair.Create(key, seen));
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Status relay could not read the database; trying again at the next look")]
    private partial void LogRelayFailed(Exception exception);

    private sealed record Seen(StatusUpdate Update, long Stamp);
}
