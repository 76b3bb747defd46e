using AbStudio.Domain.Jobs;
using AbStudio.Domain.Lifecycle;
using MudBlazor;

namespace AbStudio.Web.Features.Jobs;

/// <summary>Retry and cancel from the console, with the outcome said in a snackbar; shared by the list and the detail page.</summary>
public sealed class JobActions(JobsService jobs, ISnackbar snackbar)
{
    public static bool CanRetry(JobStatus status) => Transitions.Job.Decide(status, JobEvent.Retry).Applied;

    // A running job asked once stays running until its worker stops: asking again changes nothing.
    public static bool CanCancel(JobStatus status, bool cancelRequested) =>
        Transitions.Job.Decide(status, JobEvent.Cancel).Applied && !(status == JobStatus.Running && cancelRequested);

    public Task<bool> RetryAsync(Guid id) =>
        ApplyAsync(() => jobs.RetryAsync(id), "Queued again with a fresh budget of attempts.", "Only a failed or cancelled job can be retried.");

    public Task<bool> CancelAsync(Guid id) =>
        ApplyAsync(() => jobs.CancelAsync(id), "Cancel requested: a pending job stops now, a running one at its next heartbeat.", "Only a pending or running job can be cancelled.");

    private async Task<bool> ApplyAsync(Func<Task<JobTransitionResult>> transition, string applied, string notAllowed)
    {
        try
        {
            var result = await transition();
            var (message, severity) = result switch
            {
                JobTransitionResult.Applied => (applied, Severity.Success),
                JobTransitionResult.NotFound => ("The job no longer exists.", Severity.Warning),
                _ => ($"{notAllowed} Its status changed meanwhile; the list shows the current one.", Severity.Warning),
            };
            snackbar.Add(message, severity);
            return result == JobTransitionResult.Applied;
        }
        catch (Exception e) when (e is InvalidOperationException or System.Data.Common.DbException)
        {
            snackbar.Add($"The job could not be changed: {e.Message}", Severity.Error);
            return false;
        }
    }
}
