using System.Text.Json;
using AbStudio.Domain.Jobs;
using AbStudio.Domain.Lifecycle;
using AbStudio.Domain.Persistence;
using AbStudio.Web.Api;
using AbStudio.Web.Jobs;
using Microsoft.EntityFrameworkCore;

namespace AbStudio.Web.Features.Jobs;

/// <summary>The job use cases behind the console and the API: list, read, retry, cancel.</summary>
public sealed class JobsService(IDbContextFactory<AbStudioDbContext> contexts, TestLifecycle lifecycle, Coravel.Queuing.Interfaces.IQueue dispatcher)
{
    /// <summary>Newest first, optionally only those with a status and/or type.</summary>
    public async Task<PagedList<JobSummary>> ListAsync(JobStatus? status, string? type, PageQuery page, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Jobs.AsNoTracking()
            .Where(j => (status == null || j.Status == status) && (type == null || j.Type == type))
            .OrderByDescending(j => j.CreatedAt).ThenByDescending(j => j.Id)
            .Select(j => new JobSummary(
                j.Id, j.Type, j.SubjectId, j.Status, j.Attempts, j.MaxAttempts, j.CancelRequested,
                j.CreatedAt, j.StartedAt, j.CompletedAt, j.NextAttemptAt, j.LastError))
            .ToPagedListAsync(page, cancellationToken);
    }

    public async Task<JobDetail?> GetAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var job = await db.Jobs.AsNoTracking().SingleOrDefaultAsync(j => j.Id == id, cancellationToken);
        if (job is null)
        {
            return null;
        }

        var history = await db.JobAttempts.AsNoTracking().Where(a => a.JobId == id).OrderBy(a => a.Number)
            .Select(a => new JobAttemptView(a.Number, a.Worker, a.StartedAt, a.EndedAt, a.Outcome, a.Error))
            .ToListAsync(cancellationToken);
        using var payload = JsonDocument.Parse(job.PayloadJson);
        return new JobDetail(
            job.Id, job.Type, payload.RootElement.Clone(), job.SubjectId, job.Provider, job.Status, job.Attempts, job.MaxAttempts,
            job.CancelRequested, job.NextAttemptAt, job.LeaseOwner, job.LeaseExpiresAt, job.LastError,
            job.CreatedAt, job.StartedAt, job.CompletedAt, history);
    }

    /// <summary>Queues a failed or cancelled job again with a fresh budget of attempts; its collection or run waits for it again.</summary>
    public async Task<JobTransitionResult> RetryAsync(Guid id, CancellationToken cancellationToken = default)
    {
        var result = await lifecycle.RetryJobAsync(id, cancellationToken);
        if (result == JobTransitionResult.Applied)
        {
            // The job is due now; this saves the wait for the dispatcher's next poll.
            dispatcher.QueueInvocable<DispatchJobsInvocable>();
        }

        return result;
    }

    /// <summary>Cancels a pending job at once (with its collection or run); asks a running one to stop (its worker sees it within a second or so).</summary>
    public Task<JobTransitionResult> CancelAsync(Guid id, CancellationToken cancellationToken = default) =>
        lifecycle.CancelJobAsync(id, cancellationToken);
}
