using AbStudio.Domain.Jobs;
using AbStudio.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AbStudio.Web.Observability;

/// <summary>
/// Sets <c>abstudio_queue_depth</c> from the jobs table just before each scrape: one grouped count
/// over pending and running rows (the <c>(status, …)</c> indexes), so it costs one small query per
/// scrape however long the history grows. Finished jobs are not counted: that number only grows.
/// </summary>
public sealed partial class QueueDepthMetric(IDbContextFactory<AbStudioDbContext> contexts, AbStudioMetrics metrics, ILogger<QueueDepthMetric> log) : IDisposable
{
    private static readonly JobStatus[] Waiting = [JobStatus.Pending, JobStatus.Running];

    // Every (type, status) ever reported, so one that emptied drops to 0 instead of keeping its last value.
    private readonly HashSet<(string Type, JobStatus Status)> _reported = [];
    private readonly SemaphoreSlim _refreshing = new(1, 1);

    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await _refreshing.WaitAsync(cancellationToken);
        try
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var counts = await db.Jobs.Where(j => Waiting.Contains(j.Status))
                .GroupBy(j => new { j.Type, j.Status })
                .Select(g => new { g.Key.Type, g.Key.Status, Jobs = g.LongCount() })
                .ToListAsync(cancellationToken);
            foreach (var type in counts.Select(c => c.Type).Distinct())
            {
                foreach (var status in Waiting)
                {
                    _reported.Add((type, status));
                }
            }

            foreach (var (type, status) in _reported)
            {
                var jobs = counts.FirstOrDefault(c => c.Type == type && c.Status == status)?.Jobs ?? 0;
                metrics.QueueDepth(type, status.ToString().ToLowerInvariant(), jobs);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
        {
            // A scrape must still answer when the database does not: the gauge keeps its last values.
            LogRefreshFailed(e);
        }
        finally
        {
            _refreshing.Release();
        }
    }

    public void Dispose() => _refreshing.Dispose();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Queue depth could not be read for /metrics; reporting the last values")]
    private partial void LogRefreshFailed(Exception exception);
}
