using System.Text.Json;
using AbStudio.Domain.Governance;
using AbStudio.Domain.Jobs;
using AbStudio.Domain.Lifecycle;
using AbStudio.Domain.Persistence;
using AbStudio.Web.Api;
using AbStudio.Web.Features.Accounts;
using AbStudio.Web.Jobs;
using Microsoft.EntityFrameworkCore;

namespace AbStudio.Web.Features.Jobs;

/// <summary>
/// The job use cases behind the console and the API: list, read, retry, cancel. A job is seen by the
/// teams that see the collection or run it serves (<see cref="TeamVisibility"/>); others get not found.
/// </summary>
public sealed class JobsService(IDbContextFactory<AbStudioDbContext> contexts, TestLifecycle lifecycle, Coravel.Queuing.Interfaces.IQueue dispatcher)
{
    /// <summary>Newest first, optionally only those with a status and/or type.</summary>
    public async Task<PagedList<JobSummary>> ListAsync(Actor actor, JobStatus? status, string? type, PageQuery page, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Jobs.AsNoTracking().VisibleTo(actor.Scope, db)
            .Where(j => (status == null || j.Status == status) && (type == null || j.Type == type))
            .OrderByDescending(j => j.CreatedAt).ThenByDescending(j => j.Id)
            .Select(j => new JobSummary(
                j.Id, j.Type, j.SubjectId, j.Status, j.Attempts, j.MaxAttempts, j.CancelRequested,
                j.CreatedAt, j.StartedAt, j.CompletedAt, j.NextAttemptAt, j.LastError))
            .ToPagedListAsync(page, cancellationToken);
    }

    public async Task<JobDetail?> GetAsync(Actor actor, Guid id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var job = await db.Jobs.AsNoTracking().VisibleTo(actor.Scope, db).SingleOrDefaultAsync(j => j.Id == id, cancellationToken);
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
    public async Task<Outcome<JobDetail>> RetryAsync(Actor actor, Guid id, CancellationToken cancellationToken = default)
    {
        if (await WritableAsync(actor, id, cancellationToken) is { } refusal)
        {
            return refusal;
        }

        var result = await lifecycle.RetryJobAsync(id, cancellationToken);
        if (result == JobTransitionResult.Applied)
        {
            // The job is due now; this saves the wait for the dispatcher's next poll.
            dispatcher.QueueInvocable<DispatchJobsInvocable>();
        }

        return await AfterAsync(actor, id, result, "Only a failed or cancelled job can be retried", cancellationToken);
    }

    /// <summary>Cancels a pending job at once (with its collection or run); asks a running one to stop (its worker sees it within a second or so).</summary>
    public async Task<Outcome<JobDetail>> CancelAsync(Actor actor, Guid id, CancellationToken cancellationToken = default)
    {
        if (await WritableAsync(actor, id, cancellationToken) is { } refusal)
        {
            return refusal;
        }

        var result = await lifecycle.CancelJobAsync(id, cancellationToken);
        return await AfterAsync(actor, id, result, "Only a pending or running job can be cancelled", cancellationToken);
    }

    private async Task<Refusal?> WritableAsync(Actor actor, Guid id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (!await db.Jobs.VisibleTo(actor.Scope, db).AnyAsync(j => j.Id == id, cancellationToken))
        {
            return Refusal.NotFound($"Job {id} does not exist.");
        }

        return actor.CanWrite ? null : Refusal.Forbidden("Retrying or cancelling jobs needs the Engineer or Admin role (and a token that may write).");
    }

    /// <summary>The job as it is after the change, or why nothing changed.</summary>
    private async Task<Outcome<JobDetail>> AfterAsync(Actor actor, Guid id, JobTransitionResult result, string notAllowed, CancellationToken cancellationToken)
    {
        var job = await GetAsync(actor, id, cancellationToken);
        return (result, job) switch
        {
            (_, null) or (JobTransitionResult.NotFound, _) => Refusal.NotFound($"Job {id} does not exist."),
            (JobTransitionResult.Applied, _) => job,
            _ => Refusal.Conflict($"The job is {job.Status.ToString().ToLowerInvariant()}. {notAllowed}."),
        };
    }
}
