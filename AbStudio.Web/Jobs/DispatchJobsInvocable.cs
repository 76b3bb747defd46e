using AbStudio.Domain.Lifecycle;
using Coravel.Invocable;

namespace AbStudio.Web.Jobs;

/// <summary>Coravel's part: on a schedule and when nudged after an enqueue (<see cref="DispatchNudge"/>), ask the dispatcher to claim due jobs.</summary>
public sealed class DispatchJobsInvocable(JobDispatcher dispatcher) : IInvocable
{
    public Task Invoke() => dispatcher.DispatchAsync();
}

/// <summary>Returns the jobs of workers that died (expired leases) to the queue, through the lifecycle so a job that so ends for good moves its subject.</summary>
public sealed class ReapExpiredLeasesInvocable(TestLifecycle lifecycle) : IInvocable
{
    public Task Invoke() => lifecycle.ReapExpiredLeasesAsync();
}
