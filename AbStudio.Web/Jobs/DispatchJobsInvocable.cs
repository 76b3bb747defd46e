using AbStudio.Domain.Jobs;
using AbStudio.Web.Hosting;
using Coravel.Invocable;

namespace AbStudio.Web.Jobs;

/// <summary>
/// Coravel's part: on a schedule and when nudged after an enqueue, ask the dispatcher to claim due
/// jobs. Services nudge on every host, so a web-role host (which must never run jobs) ignores it here.
/// </summary>
public sealed class DispatchJobsInvocable(JobDispatcher dispatcher, IConfiguration configuration) : IInvocable
{
    public Task Invoke() => HostRoles.From(configuration).RunsBackgroundWork() ? dispatcher.DispatchAsync() : Task.CompletedTask;
}

/// <summary>Returns the jobs of workers that died (expired leases) to the queue.</summary>
public sealed class ReapExpiredLeasesInvocable(JobQueue queue) : IInvocable
{
    public Task Invoke() => queue.ReapExpiredLeasesAsync();
}
