using AbStudio.Domain.Jobs;
using AbStudio.Domain.Lifecycle;
using AbStudio.Web.Features.Accounts;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace AbStudio.Web.Features.Jobs;

/// <summary>Retry and cancel from the console, with the outcome said in a snackbar; shared by the list and the detail page.</summary>
public sealed class JobActions(JobsService jobs, ISnackbar snackbar)
{
    public static bool CanRetry(JobStatus status) => Transitions.Job.Decide(status, JobEvent.Retry).Applied;

    // A running job asked once stays running until its worker stops: asking again changes nothing.
    public static bool CanCancel(JobStatus status, bool cancelRequested) =>
        Transitions.Job.Decide(status, JobEvent.Cancel).Applied && !(status == JobStatus.Running && cancelRequested);

    public Task<bool> RetryAsync(Task<AuthenticationState>? state, Guid id) =>
        ApplyAsync(async () => await jobs.RetryAsync(await PageActor.FromAsync(state), id), "Queued again with a fresh budget of attempts.");

    public Task<bool> CancelAsync(Task<AuthenticationState>? state, Guid id) =>
        ApplyAsync(async () => await jobs.CancelAsync(await PageActor.FromAsync(state), id), "Cancel requested: a pending job stops now, a running one at its next heartbeat.");

    private async Task<bool> ApplyAsync(Func<Task<Outcome<JobDetail>>> transition, string applied)
    {
        try
        {
            var result = await transition();
            var (message, severity) = result.Refusal switch
            {
                null => (applied, Severity.Success),
                { Kind: RefusalKind.NotFound } => ("The job no longer exists.", Severity.Warning),
                { Kind: RefusalKind.Forbidden } refusal => (refusal.Message, Severity.Warning),
                var refusal => ($"{refusal.Message} Its status changed meanwhile; the list shows the current one.", Severity.Warning),
            };
            snackbar.Add(message, severity);
            return result.Succeeded;
        }
        catch (Exception e) when (e is InvalidOperationException or System.Data.Common.DbException)
        {
            snackbar.Add($"The job could not be changed: {e.Message}", Severity.Error);
            return false;
        }
    }
}
