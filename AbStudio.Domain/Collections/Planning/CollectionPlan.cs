namespace AbStudio.Domain.Collections.Planning;

/// <summary>What planning decided for one arm's collection, and why, in words a user can read.</summary>
public enum CollectionPlanOutcome
{
    /// <summary>A ready collection with this fingerprint exists and reuse was allowed.</summary>
    Reused,

    /// <summary>A build of this fingerprint is already pending or running: wait for it, build nothing.</summary>
    Joined,

    /// <summary>No collection with this fingerprint: one was created and its build queued.</summary>
    Building,

    /// <summary>A ready collection exists but reuse was not allowed, or its last build failed: queued again.</summary>
    Rebuilding,
}

public sealed record CollectionPlan(Guid CollectionId, string Fingerprint, CollectionPlanOutcome Outcome, Guid? JobId, string Reason);
