using AbStudio.Domain.AbTests;
using AbStudio.Domain.Collections;
using AbStudio.Domain.Jobs;
using AbStudio.Domain.Runs;

namespace AbStudio.Domain.Lifecycle;

/// <summary>What can happen to a test. Its status follows its latest run.</summary>
public enum TestEvent
{
    Start,
    RunQueue,
    RunStart,
    RunComplete,
    RunFail,
    Cancel,
}

/// <summary>What can happen to a run, from start to stored results.</summary>
public enum RunEvent
{
    /// <summary>Every arm's collection is ready: the run's job is queued.</summary>
    Queue,

    /// <summary>An arm's collection failed, was cancelled or deleted before the run could start.</summary>
    Abandon,

    /// <summary>A worker takes up its job (again, after a crash: resume).</summary>
    Begin,
    Complete,
    Fail,
    Cancel,

    /// <summary>A user retries the run's failed or cancelled job.</summary>
    Retry,
}

/// <summary>What can happen to a collection, from plan to vectors.</summary>
public enum CollectionEvent
{
    /// <summary>Planned again (reuse_existing false, or its last build failed or was cancelled).</summary>
    Rebuild,
    BeginBuild,
    FinishBuild,
    FailBuild,
    CancelBuild,

    /// <summary>A user retries its failed or cancelled build job.</summary>
    Retry,
}

/// <summary>What can happen to a job of the durable queue (see <see cref="JobQueue"/>, which applies these).</summary>
public enum JobEvent
{
    Claim,
    Succeed,

    /// <summary>An attempt failed (or its lease expired) with attempts left: back to pending after the backoff.</summary>
    FailAttempt,

    /// <summary>An attempt failed and none are left.</summary>
    FailLastAttempt,

    /// <summary>A user cancels: a pending job at once; a running one is flagged and stays running until its worker stops.</summary>
    Cancel,

    /// <summary>The worker stopped because a user cancelled.</summary>
    ConfirmCancel,
    Retry,
}

/// <summary>The one table of allowed moves for each kind of item. Everything that writes a status checks it here.</summary>
public static class Transitions
{
    public static readonly TransitionTable<AbTestStatus, TestEvent> Test = new("test",
    [
        (TestEvent.Start, [AbTestStatus.Draft, AbTestStatus.Completed, AbTestStatus.Failed, AbTestStatus.Cancelled], AbTestStatus.Building),
        (TestEvent.RunQueue, [AbTestStatus.Building, AbTestStatus.Failed, AbTestStatus.Cancelled], AbTestStatus.Queued),
        (TestEvent.RunStart, [AbTestStatus.Queued, AbTestStatus.Running], AbTestStatus.Running),
        (TestEvent.RunComplete, [AbTestStatus.Running], AbTestStatus.Completed),
        (TestEvent.RunFail, [AbTestStatus.Building, AbTestStatus.Queued, AbTestStatus.Running], AbTestStatus.Failed),
        (TestEvent.Cancel, [AbTestStatus.Building, AbTestStatus.Queued, AbTestStatus.Running], AbTestStatus.Cancelled),
    ]);

    public static readonly TransitionTable<RunStatus, RunEvent> Run = new("run",
    [
        (RunEvent.Queue, [RunStatus.Pending], RunStatus.Queued),
        (RunEvent.Abandon, [RunStatus.Pending], RunStatus.Failed),
        (RunEvent.Begin, [RunStatus.Queued, RunStatus.Running], RunStatus.Running),
        (RunEvent.Complete, [RunStatus.Running], RunStatus.Completed),
        (RunEvent.Fail, [RunStatus.Queued, RunStatus.Running], RunStatus.Failed),
        (RunEvent.Cancel, [RunStatus.Pending, RunStatus.Queued, RunStatus.Running], RunStatus.Cancelled),
        (RunEvent.Retry, [RunStatus.Failed, RunStatus.Cancelled], RunStatus.Queued),
    ]);

    public static readonly TransitionTable<CollectionStatus, CollectionEvent> Collection = new("collection",
    [
        (CollectionEvent.Rebuild, [CollectionStatus.Ready, CollectionStatus.Failed, CollectionStatus.Cancelled], CollectionStatus.Pending),
        (CollectionEvent.BeginBuild, [CollectionStatus.Pending, CollectionStatus.Building], CollectionStatus.Building),
        (CollectionEvent.FinishBuild, [CollectionStatus.Building], CollectionStatus.Ready),
        (CollectionEvent.FailBuild, [CollectionStatus.Pending, CollectionStatus.Building], CollectionStatus.Failed),
        (CollectionEvent.CancelBuild, [CollectionStatus.Pending, CollectionStatus.Building], CollectionStatus.Cancelled),
        (CollectionEvent.Retry, [CollectionStatus.Failed, CollectionStatus.Cancelled], CollectionStatus.Pending),
    ]);

    public static readonly TransitionTable<JobStatus, JobEvent> Job = new("job",
    [
        (JobEvent.Claim, [JobStatus.Pending], JobStatus.Running),
        (JobEvent.Succeed, [JobStatus.Running], JobStatus.Succeeded),
        (JobEvent.FailAttempt, [JobStatus.Running], JobStatus.Pending),
        (JobEvent.FailLastAttempt, [JobStatus.Running], JobStatus.Failed),
        (JobEvent.Cancel, [JobStatus.Pending], JobStatus.Cancelled),
        (JobEvent.Cancel, [JobStatus.Running], JobStatus.Running),
        (JobEvent.ConfirmCancel, [JobStatus.Running], JobStatus.Cancelled),
        (JobEvent.Retry, [JobStatus.Failed, JobStatus.Cancelled], JobStatus.Pending),
    ]);
}
