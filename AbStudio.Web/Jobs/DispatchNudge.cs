using AbStudio.Web.Hosting;

namespace AbStudio.Web.Jobs;

/// <summary>
/// Wakes this host's dispatcher after a job was enqueued, so work starts now instead of at the next
/// poll. Only on hosts that run background work: a web-role host must never run jobs, and a nudge
/// queued there would still be consumed by Coravel's queue (even while the host shuts down).
/// </summary>
public sealed class DispatchNudge(Coravel.Queuing.Interfaces.IQueue queue, IConfiguration configuration)
{
    private readonly bool _runsJobs = HostRoles.From(configuration).RunsBackgroundWork();

    public void Nudge()
    {
        if (_runsJobs)
        {
            queue.QueueInvocable<DispatchJobsInvocable>();
        }
    }
}
