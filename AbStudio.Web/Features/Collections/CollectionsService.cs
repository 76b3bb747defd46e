using AbStudio.Domain.Collections;
using AbStudio.Domain.Collections.Planning;
using AbStudio.Web.Jobs;
using AbStudio.Web.Realtime;

namespace AbStudio.Web.Features.Collections;

/// <summary>The collection use cases behind the console and the API: plan (reuse, join or build).</summary>
public sealed class CollectionsService(CollectionPlanner planner, StatusNotifier notifier, DispatchNudge dispatch)
{
    /// <summary>Plans an arm's collection; a new or repeated build is announced as <c>pending</c>.</summary>
    public async Task<CollectionPlan> PlanAsync(CollectionSpecification specification, Guid datasetId, bool reuseExisting, CancellationToken cancellationToken = default)
    {
        var plan = await planner.PlanAsync(specification, datasetId, reuseExisting, cancellationToken);
        if (plan.Outcome is CollectionPlanOutcome.Building or CollectionPlanOutcome.Rebuilding)
        {
            notifier.Publish(new StatusUpdate("collection", plan.CollectionId, "pending", 0, 0, Message: plan.Reason));

            // The job is in the table already; this only saves the wait for the dispatcher's next poll.
            dispatch.Nudge();
        }

        return plan;
    }
}
