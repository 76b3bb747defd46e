using AbStudio.Domain.AbTests;
using AbStudio.Domain.AbTests.Definitions;
using AbStudio.Domain.Collections;
using AbStudio.Domain.Collections.Planning;
using AbStudio.Domain.Embeddings;
using AbStudio.Domain.Jobs;
using AbStudio.Domain.Persistence;
using AbStudio.Domain.Runs;
using Microsoft.EntityFrameworkCore;

namespace AbStudio.Domain.Lifecycle;

/// <summary>What starting a test decided: the run, and for each arm its collection plan (null for lexical arms).</summary>
public sealed record RunStart(Guid RunId, RunStatus Status, IReadOnlyList<(string Arm, CollectionPlan? Plan)> Arms);

/// <summary>
/// The one owner of the life of a test: start, queue, run, complete, fail, cancel and retry, for the
/// test, its run, its collections and their jobs. Every change is checked against
/// <see cref="Transitions"/>, written in one transaction with what must go with it (the job it
/// queues, the runs a dead build fails), and told to <see cref="IStatusObserver"/> after commit.
/// The console, the API, the verbs and the workers all come through here.
/// </summary>
public sealed class TestLifecycle(
    IDbContextFactory<AbStudioDbContext> contexts,
    CollectionPlanner collections,
    EmbeddingCatalog embeddings,
    JobQueue queue,
    IStatusObserver observer,
    TimeProvider time)
{
    public const string ExecuteRunJobType = "ExecuteRun";

    private DateTime Now => time.GetUtcNow().UtcDateTime;

    /// <summary>
    /// Starts a run of the test: plans every arm's collection (reuse, join or build, each plan with
    /// its reason kept on the arm) and writes a <c>pending</c> run, queued at once when every
    /// collection is ready. At most one run per test is active: a unique index holds it, so of N
    /// parallel starts one wins and N−1 are refused.
    /// </summary>
    public async Task<Outcome<RunStart>> StartAsync(Guid testId, CancellationToken cancellationToken = default)
    {
        AbTest? test;
        string datasetHash, reuse;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            test = await db.Tests.AsNoTracking().Include(t => t.Arms).SingleOrDefaultAsync(t => t.Id == testId, cancellationToken);
            if (test is null)
            {
                return Refusal.NotFound($"Test {testId} does not exist.");
            }

            if (await HasActiveRunAsync(db, testId, cancellationToken) || !Transitions.Test.Decide(test.Status, TestEvent.Start).Applied)
            {
                return AlreadyRunning(test.Name);
            }

            var dataset = await db.Datasets.Where(d => d.Id == test.DatasetId).Select(d => new { d.ContentHash, d.Shared }).SingleAsync(cancellationToken);
            datasetHash = dataset.ContentHash;
            reuse = CollectionReuse.ScopeOf(test.TeamId, dataset.Shared);
        }

        // Each plan commits on its own (collection row and build job together); arms with one
        // fingerprint meet at the planner, so the second joins the first one's build.
        var plans = new List<(Arm Arm, CollectionPlan? Plan)>();
        foreach (var arm in test.Arms.OrderBy(a => a.Ordinal))
        {
            var definition = arm.Definition;
            if (definition.Retrieval.Mode == RetrievalMode.Lexical)
            {
                plans.Add((arm, null));
                continue;
            }

            CollectionSpecification specification;
            try
            {
                specification = EmbeddingCatalog.CollectionFor(definition, datasetHash, embeddings.ModelOf(definition), reuse);
            }
            catch (Exception e) when (e is InvalidOperationException or ArgumentException or IOException)
            {
                // A provider that cannot load here (model files missing, server not configured) throws as it is created.
                // Checked before anything is planned, so a refused start leaves no build behind.
                return Refusal.Conflict($"Arm '{arm.Name}': its embedding provider is not available on this host: {e.Message}");
            }

            plans.Add((arm, await collections.PlanAsync(specification, test.DatasetId, test.TeamId, test.ReuseExisting, cancellationToken)));
        }

        var statistics = test.Definition.Statistics;
        var now = Now;
        var run = new Run { TestId = testId, Status = RunStatus.Pending, StatisticsSeed = unchecked((long)statistics.Seed), CreatedAt = now };
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

            // The test's guarded move first: a parallel start waits on its row and is then refused.
            var moved = await StatusMoves.TestAsync(db, testId, TestEvent.Start, now, cancellationToken);
            if (!moved.Applied)
            {
                return moved.From is null ? Refusal.NotFound($"Test {testId} does not exist.") : AlreadyRunning(test.Name);
            }

            foreach (var (arm, plan) in plans)
            {
                Guid? collectionId = plan?.CollectionId;
                CollectionPlanOutcome? outcome = plan?.Outcome;
                string? fingerprint = plan?.Fingerprint, reason = plan?.Reason;
                await db.Arms.Where(a => a.Id == arm.Id).ExecuteUpdateAsync(
                    s => s.SetProperty(a => a.CollectionId, collectionId)
                        .SetProperty(a => a.CollectionFingerprint, fingerprint)
                        .SetProperty(a => a.CollectionPlan, outcome)
                        .SetProperty(a => a.CollectionPlanReason, reason),
                    cancellationToken);
            }

            db.Runs.Add(run);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                // The one-active-run index: another start won between our check and this insert.
                return AlreadyRunning(test.Name);
            }

            await transaction.CommitAsync(cancellationToken);
        }

        foreach (var (_, plan) in plans)
        {
            if (plan is { Outcome: CollectionPlanOutcome.Building or CollectionPlanOutcome.Rebuilding })
            {
                observer.Changed(new StatusChange("collection", plan.CollectionId, "pending", plan.Reason));
            }
        }

        observer.Changed(new StatusChange("run", run.Id, "pending"));
        observer.Changed(new StatusChange("test", testId, "building", "waiting for collections"));
        var status = await PromoteAsync(run.Id, cancellationToken) ?? RunStatus.Pending;
        return new RunStart(run.Id, status, [.. plans.Select(p => (p.Arm.Name, p.Plan))]);
    }

    /// <summary>Starts the test again after its latest run failed or was cancelled.</summary>
    public async Task<Outcome<RunStart>> RetryAsync(Guid testId, CancellationToken cancellationToken = default)
    {
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            if (!await db.Tests.AnyAsync(t => t.Id == testId, cancellationToken))
            {
                return Refusal.NotFound($"Test {testId} does not exist.");
            }

            var latest = await db.Runs.AsNoTracking().Where(r => r.TestId == testId).OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id)
                .Select(r => (RunStatus?)r.Status).FirstOrDefaultAsync(cancellationToken);
            if (latest is not (RunStatus.Failed or RunStatus.Cancelled))
            {
                return Refusal.Conflict(latest is null
                    ? "The test has not run yet; start it instead."
                    : $"Its latest run is {latest.Value.ToString().ToLowerInvariant()}; only a failed or cancelled run can be retried.");
            }
        }

        return await StartAsync(testId, cancellationToken);
    }

    /// <summary>Looks at every waiting run (workers do on every dispatch pass); returns the ids of those it queued.</summary>
    public async Task<IReadOnlyList<Guid>> PromoteWaitingRunsAsync(CancellationToken cancellationToken = default)
    {
        List<Guid> waiting;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            waiting = await db.Runs.Where(r => r.Status == RunStatus.Pending).OrderBy(r => r.CreatedAt).Select(r => r.Id).ToListAsync(cancellationToken);
        }

        var queued = new List<Guid>();
        foreach (var runId in waiting)
        {
            if (await PromoteAsync(runId, cancellationToken) == RunStatus.Queued)
            {
                queued.Add(runId);
            }
        }

        return queued;
    }

    /// <summary>
    /// Queues a waiting run once its arms' collections are all ready (its <c>ExecuteRun</c> job in the
    /// same transaction, so it is queued exactly once however many workers look), or fails it when a
    /// collection failed, was cancelled or deleted, saying what to do. Returns its status afterwards.
    /// </summary>
    public async Task<RunStatus?> PromoteAsync(Guid runId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var run = await db.Runs.AsNoTracking().Where(r => r.Id == runId).Select(r => new { r.Status, r.TestId }).SingleOrDefaultAsync(cancellationToken);
        if (run is not { Status: RunStatus.Pending })
        {
            return run?.Status;
        }

        var arms = await db.Arms.AsNoTracking().Where(a => a.TestId == run.TestId && a.RetrievalMode != RetrievalMode.Lexical)
            .Select(a => new { a.Name, a.CollectionFingerprint, Status = a.Collection == null ? (CollectionStatus?)null : a.Collection.Status, Error = a.Collection == null ? null : a.Collection.Error })
            .ToListAsync(cancellationToken);
        var broken = arms.FirstOrDefault(a => a.Status is not { } status || status.IsUnusable());
        if (broken is null && arms.Any(a => a.Status != CollectionStatus.Ready))
        {
            return RunStatus.Pending;
        }

        var now = Now;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (broken is not null)
        {
            var shortId = broken.CollectionFingerprint?[..12];
            var error = broken.Status switch
            {
                null => $"Arm '{broken.Name}': its collection {shortId} was deleted before the run could start. Start the test again to rebuild it.",
                CollectionStatus.Cancelled => $"Arm '{broken.Name}': the build of its collection {shortId} was cancelled. Start the test again to build it afresh.",
                _ => $"Arm '{broken.Name}': building its collection {shortId} failed: {broken.Error}",
            };
            if (await StatusMoves.RunAndTestAsync(db, runId, RunEvent.Abandon, TestEvent.RunFail, now, cancellationToken, error) is not null)
            {
                await transaction.CommitAsync(cancellationToken);
                observer.Changed(new StatusChange("run", runId, "failed", error));
                observer.Changed(new StatusChange("test", run.TestId, "failed", error));
                return RunStatus.Failed;
            }

            return await StatusOfAsync(db, runId, cancellationToken);
        }

        if (await StatusMoves.RunAndTestAsync(db, runId, RunEvent.Queue, TestEvent.RunQueue, now, cancellationToken) is not null)
        {
            queue.Enqueue(db, ExecuteRunJob(runId));
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            observer.Changed(new StatusChange("run", runId, "queued"));
            observer.Changed(new StatusChange("test", run.TestId, "queued", "queued"));
            return RunStatus.Queued;
        }

        return await StatusOfAsync(db, runId, cancellationToken);
    }

    /// <summary>A worker takes up the run (first time, or resuming): false when there is nothing to do (finished or cancelled).</summary>
    public async Task<bool> BeginRunAsync(Guid runId, CancellationToken cancellationToken = default) =>
        await MoveRunAndTestAsync(runId, RunEvent.Begin, TestEvent.RunStart, cancellationToken);

    /// <summary>Every result is stored and analysed: the run and its test complete, with the summary.</summary>
    public async Task<bool> CompleteRunAsync(Guid runId, string summaryJson, CancellationToken cancellationToken = default) =>
        await MoveRunAndTestAsync(runId, RunEvent.Complete, TestEvent.RunComplete, cancellationToken, summaryJson: summaryJson);

    /// <summary>Cancels the test's active run: at once when it waits, through its job when it runs.</summary>
    public async Task<Outcome<Run>> CancelAsync(Guid testId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (!await db.Tests.AnyAsync(t => t.Id == testId, cancellationToken))
        {
            return Refusal.NotFound($"Test {testId} does not exist.");
        }

        var run = await db.Runs.AsNoTracking().Where(r => r.TestId == testId && RunStatuses.Active.Contains(r.Status))
            .OrderByDescending(r => r.CreatedAt).FirstOrDefaultAsync(cancellationToken);
        if (run is null)
        {
            return Refusal.Conflict("The test has no run in progress.");
        }

        var now = Now;
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            if (await StatusMoves.RunAndTestAsync(db, run.Id, RunEvent.Cancel, TestEvent.Cancel, now, cancellationToken) is null)
            {
                return Refusal.Conflict("The run finished while it was being cancelled.");
            }

            foreach (var job in await db.Jobs.Where(j => j.SubjectId == run.Id && JobStatuses.Active.Contains(j.Status)).Select(j => j.Id).ToListAsync(cancellationToken))
            {
                await queue.CancelAsync(db, job, cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }

        observer.Changed(new StatusChange("run", run.Id, "cancelled", null, run.QueriesDone, run.QueriesTotal));
        observer.Changed(new StatusChange("test", testId, "cancelled", null, run.QueriesDone, run.QueriesTotal));
        return run;
    }

    /// <summary>
    /// A user cancels a job: a pending one stops at once and its subject with it (a collection is
    /// <c>cancelled</c>, the runs waiting on it fail saying what to do); a running one is flagged and
    /// its worker stops within a second or so, reporting through <see cref="JobEndedAsync"/>.
    /// </summary>
    public async Task<JobTransitionResult> CancelJobAsync(Guid jobId, CancellationToken cancellationToken = default)
    {
        Job? ended = null;
        JobTransitionResult result;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            result = await queue.CancelAsync(db, jobId, cancellationToken);
            if (result == JobTransitionResult.Applied)
            {
                ended = await db.Jobs.AsNoTracking().SingleAsync(j => j.Id == jobId, cancellationToken);
                if (ended.Status == JobStatus.Cancelled)
                {
                    await EndSubjectAsync(db, ended, JobStatus.Cancelled, null, cancellationToken);
                }
            }

            await transaction.CommitAsync(cancellationToken);
        }

        if (ended is { Status: JobStatus.Cancelled })
        {
            await AfterSubjectEndedAsync(ended, JobStatus.Cancelled, null, cancellationToken);
        }

        return result;
    }

    /// <summary>
    /// A user retries a failed or cancelled job with a fresh budget of attempts; its subject goes
    /// back to waiting for it (a collection to <c>pending</c>, a run to <c>queued</c>).
    /// </summary>
    public async Task<JobTransitionResult> RetryJobAsync(Guid jobId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var job = await db.Jobs.AsNoTracking().SingleOrDefaultAsync(j => j.Id == jobId, cancellationToken);
        if (job is null)
        {
            return JobTransitionResult.NotFound;
        }

        var now = Now;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var result = await queue.RetryAsync(db, jobId, cancellationToken);
        if (result != JobTransitionResult.Applied)
        {
            return result;
        }

        // The subject must take the job back, or nothing is retried: an old build job whose collection
        // was planned again (and is being built by a newer job), or a run whose test has run since.
        Guid? testId = null;
        if (job is { Type: CollectionPlanner.BuildJobType, SubjectId: { } collectionId })
        {
            if (!(await StatusMoves.CollectionAsync(db, collectionId, CollectionEvent.Retry, now, cancellationToken)).Applied)
            {
                return JobTransitionResult.NotAllowed;
            }
        }
        else if (job is { Type: ExecuteRunJobType, SubjectId: { } runId })
        {
            try
            {
                testId = await StatusMoves.RunAndTestAsync(db, runId, RunEvent.Retry, TestEvent.RunQueue, now, cancellationToken);
            }
            catch (System.Data.Common.DbException)
            {
                // The one-active-run index (ExecuteUpdate reports it as the provider's exception): the test has another run in progress.
                return JobTransitionResult.NotAllowed;
            }

            if (testId is null)
            {
                return JobTransitionResult.NotAllowed;
            }
        }

        await transaction.CommitAsync(cancellationToken);
        observer.Changed(new StatusChange("job", jobId, "pending"));
        if (job.SubjectId is { } subject)
        {
            observer.Changed(new StatusChange(job.Type == ExecuteRunJobType ? "run" : "collection", subject, job.Type == ExecuteRunJobType ? "queued" : "pending"));
        }

        if (testId is { } test)
        {
            observer.Changed(new StatusChange("test", test, "queued", "queued"));
        }

        return result;
    }

    /// <summary>
    /// A worker reports that a job ended for good (out of attempts, or cancelled by a user): its
    /// collection fails or is cancelled, keeping the one-line error, and the runs waiting on it fail;
    /// or its run and test fail or are cancelled.
    /// </summary>
    public async Task JobEndedAsync(Job job, JobStatus ending, string? error, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await EndSubjectAsync(db, job, ending, error, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        await AfterSubjectEndedAsync(job, ending, error, cancellationToken);
    }

    /// <summary>
    /// Takes back the jobs of workers that died (see <see cref="JobQueue.ReapAsync"/>); a job that so
    /// ended for good (its last attempt, or a cancel nobody confirmed) moves its subject like any other
    /// end, so no collection stays <c>building</c> behind a dead job. Returns how many it took back.
    /// </summary>
    public async Task<int> ReapExpiredLeasesAsync(CancellationToken cancellationToken = default)
    {
        var reaped = await queue.ReapAsync(cancellationToken);
        foreach (var (job, status) in reaped.Where(r => r.Status.IsFinished()))
        {
            await JobEndedAsync(job, status, status == JobStatus.Cancelled ? null : "Its worker stopped (lease expired) on the last attempt.", cancellationToken);
        }

        return reaped.Count;
    }

    private async Task EndSubjectAsync(AbStudioDbContext db, Job job, JobStatus ending, string? error, CancellationToken cancellationToken)
    {
        var now = Now;
        var cancelled = ending == JobStatus.Cancelled;
        if (job is { Type: CollectionPlanner.BuildJobType, SubjectId: { } collectionId })
        {
            await StatusMoves.CollectionAsync(
                db, collectionId, cancelled ? CollectionEvent.CancelBuild : CollectionEvent.FailBuild, now, cancellationToken,
                cancelled ? "Build cancelled by a user." : error);
        }
        else if (job is { Type: ExecuteRunJobType, SubjectId: { } runId })
        {
            await StatusMoves.RunAndTestAsync(
                db, runId, cancelled ? RunEvent.Cancel : RunEvent.Fail, cancelled ? TestEvent.Cancel : TestEvent.RunFail, now, cancellationToken, error);
        }
    }

    private async Task AfterSubjectEndedAsync(Job job, JobStatus ending, string? error, CancellationToken cancellationToken)
    {
        var status = ending == JobStatus.Cancelled ? "cancelled" : "failed";
        if (job is { Type: CollectionPlanner.BuildJobType, SubjectId: { } collectionId })
        {
            observer.Changed(new StatusChange("collection", collectionId, status, error));

            // The runs that waited for it fail now, not at the next dispatch pass.
            List<Guid> waiting;
            await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
            {
                waiting = await db.Runs.Where(r => r.Status == RunStatus.Pending && r.Test!.Arms.Any(a => a.CollectionId == collectionId))
                    .Select(r => r.Id).ToListAsync(cancellationToken);
            }

            foreach (var runId in waiting)
            {
                await PromoteAsync(runId, cancellationToken);
            }
        }
        else if (job is { Type: ExecuteRunJobType, SubjectId: { } runId })
        {
            observer.Changed(new StatusChange("run", runId, status, error));
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            if (await db.Runs.Where(r => r.Id == runId).Select(r => (Guid?)r.TestId).SingleOrDefaultAsync(cancellationToken) is { } testId)
            {
                observer.Changed(new StatusChange("test", testId, status, error));
            }
        }
    }

    private async Task<bool> MoveRunAndTestAsync(
        Guid runId, RunEvent runEvent, TestEvent testEvent, CancellationToken cancellationToken, string? error = null, string? summaryJson = null)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (await StatusMoves.RunAndTestAsync(db, runId, runEvent, testEvent, Now, cancellationToken, error, summaryJson) is null)
        {
            return false;
        }

        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    private static JobRequest ExecuteRunJob(Guid runId) => new(ExecuteRunJobType, $$"""{"run":"{{runId}}"}""") { SubjectId = runId };

    private static Task<bool> HasActiveRunAsync(AbStudioDbContext db, Guid testId, CancellationToken cancellationToken) =>
        db.Runs.AnyAsync(r => r.TestId == testId && RunStatuses.Active.Contains(r.Status), cancellationToken);

    private static Refusal AlreadyRunning(string testName) =>
        Refusal.Conflict($"Test '{testName}' already has a run in progress; wait for it or cancel it first.");

    private static async Task<RunStatus?> StatusOfAsync(AbStudioDbContext db, Guid runId, CancellationToken cancellationToken) =>
        await db.Runs.Where(r => r.Id == runId).Select(r => (RunStatus?)r.Status).SingleOrDefaultAsync(cancellationToken);
}
