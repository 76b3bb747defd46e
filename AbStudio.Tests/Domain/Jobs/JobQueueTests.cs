using AbStudio.Domain.Jobs;
using AbStudio.Tests.Domain.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

namespace AbStudio.Tests.Domain.Jobs;

/// <summary>
/// The queue's transitions against a real database of each provider. Every test works on jobs of
/// its own type (the class shares one database) and moves a manual clock, never waits.
/// </summary>
public abstract class JobQueueTests(DatabaseFixture database)
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

    // Base 1 s, cap 60 s, and a jitter fixed at half of 50 %: every delay is exactly 1.25 × the
    // exponential part, so the schedule below is exact and the jitter path is still exercised.
    private static readonly JobRetryPolicy Retry = new()
    {
        BaseDelay = TimeSpan.FromSeconds(1),
        MaxDelay = TimeSpan.FromSeconds(60),
        Jitter = 0.5,
        MaxAttempts = 3,
    };

    private readonly ManualClock _clock = new(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly string _type = $"Test-{Guid.NewGuid():N}"[..30];

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private JobQueue Queue => new(new FixtureContextFactory(database), Retry, _clock, NullLogger<JobQueue>.Instance, new FixedRandom(0.5));

    private JobClaimFilter Mine => JobClaimFilter.OfTypes(_type);

    [Fact]
    public async Task Complete_ClaimedJob_SucceedsWithOneAttemptAndReleasesTheLease()
    {
        var job = await Queue.EnqueueAsync(new JobRequest(_type, """{"n":1}"""), Token);

        var claimed = await Queue.ClaimNextAsync("worker-a", Lease, Mine, Token);
        _clock.Advance(TimeSpan.FromSeconds(3));
        var completed = await Queue.CompleteAsync(job.Id, "worker-a", Token);

        Assert.Equal(job.Id, claimed?.Id);
        Assert.Equal(JobStatus.Running, claimed!.Status);
        Assert.Equal("worker-a", claimed.LeaseOwner);
        Assert.Equal(_clock.UtcNow - TimeSpan.FromSeconds(3) + Lease, claimed.LeaseExpiresAt);
        Assert.Equal(1, claimed.Attempts);
        Assert.Equal(JobTransitionResult.Applied, completed);
        var stored = await LoadAsync(job.Id);
        Assert.Equal(JobStatus.Succeeded, stored.Status);
        Assert.Equal(_clock.UtcNow, stored.CompletedAt);
        Assert.Null(stored.LeaseOwner);
        Assert.Null(stored.LeaseExpiresAt);
        var attempt = Assert.Single(stored.History);
        Assert.Equal((1, "worker-a", JobStatus.Succeeded, _clock.UtcNow), (attempt.Number, attempt.Worker, attempt.Outcome, attempt.EndedAt));
        Assert.Null(await Queue.ClaimNextAsync("worker-b", Lease, Mine, Token));
    }

    [Fact]
    public async Task Enqueue_IntoTheCallersContext_IsWrittenOnlyWithTheCallersTransaction()
    {
        Guid rolledBack;
        await using (var db = database.CreateContext())
        {
            await using var transaction = await db.Database.BeginTransactionAsync(Token);
            rolledBack = Queue.Enqueue(db, new JobRequest(_type, "{}")).Id;
            await db.SaveChangesAsync(Token);
        }

        await using (var db = database.CreateContext())
        {
            await using var transaction = await db.Database.BeginTransactionAsync(Token);
            Queue.Enqueue(db, new JobRequest(_type, "{}"));
            await db.SaveChangesAsync(Token);
            await transaction.CommitAsync(Token);
        }

        await using var read = database.CreateContext();
        var ids = await read.Jobs.Where(j => j.Type == _type).Select(j => j.Id).ToListAsync(Token);
        Assert.Single(ids);
        Assert.DoesNotContain(rolledBack, ids);
    }

    [Fact]
    public async Task ClaimNext_SeveralDue_TakesTheOldestDueFirst()
    {
        var dueLast = await Queue.EnqueueAsync(new JobRequest(_type, "{}") { NotBefore = _clock.UtcNow.AddSeconds(10) }, Token);
        var dueSecond = await Queue.EnqueueAsync(new JobRequest(_type, "{}") { NotBefore = _clock.UtcNow.AddSeconds(5) }, Token);
        var dueFirst = await Queue.EnqueueAsync(new JobRequest(_type, "{}"), Token);
        _clock.Advance(TimeSpan.FromSeconds(10));

        var order = new List<Guid?>();
        for (var i = 0; i < 4; i++)
        {
            order.Add((await Queue.ClaimNextAsync("worker-a", Lease, Mine, Token))?.Id);
        }

        Assert.Equal([dueFirst.Id, dueSecond.Id, dueLast.Id, null], order);
    }

    [Fact]
    public async Task ClaimNext_JobNotYetDue_IsClaimedOnlyOnceItsTimeComes()
    {
        var job = await Queue.EnqueueAsync(new JobRequest(_type, "{}") { NotBefore = _clock.UtcNow.AddMinutes(1) }, Token);

        var early = await Queue.ClaimNextAsync("worker-a", Lease, Mine, Token);
        _clock.Advance(TimeSpan.FromMinutes(1) - TimeSpan.FromMicroseconds(1));
        var justBefore = await Queue.ClaimNextAsync("worker-a", Lease, Mine, Token);
        _clock.Advance(TimeSpan.FromMicroseconds(1));
        var onTime = await Queue.ClaimNextAsync("worker-a", Lease, Mine, Token);

        Assert.Null(early);
        Assert.Null(justBefore);
        Assert.Equal(job.Id, onTime?.Id);
    }

    [Fact]
    public async Task ClaimNext_WithFilter_TakesOnlyAllowedTypesAndSkipsExcludedProviders()
    {
        var otherType = await Queue.EnqueueAsync(new JobRequest(_type + "-other", "{}"), Token);
        var busyProvider = await Queue.EnqueueAsync(new JobRequest(_type, "{}") { Provider = "openai" }, Token);
        var freeProvider = await Queue.EnqueueAsync(new JobRequest(_type, "{}") { Provider = "hashing" }, Token);
        var noProvider = await Queue.EnqueueAsync(new JobRequest(_type, "{}"), Token);
        var filter = new JobClaimFilter(Types: [_type], ExcludedProviders: ["openai"]);

        var claimed = new List<Guid?>();
        for (var i = 0; i < 3; i++)
        {
            claimed.Add((await Queue.ClaimNextAsync("worker-a", Lease, filter, Token))?.Id);
        }

        Assert.Equal(new HashSet<Guid?> { freeProvider.Id, noProvider.Id }, claimed.Take(2).ToHashSet());
        Assert.Null(claimed[2]);
        Assert.Null(await Queue.ClaimNextAsync("worker-a", Lease, new JobClaimFilter(Types: []), Token));
        Assert.Equal(JobStatus.Pending, (await LoadAsync(busyProvider.Id)).Status);
        Assert.Equal(JobStatus.Pending, (await LoadAsync(otherType.Id)).Status);
    }

    [Fact]
    public async Task Fail_EveryAttempt_BacksOffExponentiallyToTheCapThenFailsKeepingTheError()
    {
        var job = await Queue.EnqueueAsync(new JobRequest(_type, "{}") { MaxAttempts = 9 }, Token);
        double[] expectedGaps = [1.25, 2.5, 5, 10, 20, 40, 75, 75];

        for (var attempt = 1; attempt <= 9; attempt++)
        {
            Assert.NotNull(await Queue.ClaimNextAsync("worker-a", Lease, Mine, Token));
            _clock.Advance(TimeSpan.FromSeconds(1));
            Assert.Equal(JobTransitionResult.Applied, await Queue.FailAsync(job.Id, "worker-a", $"boom {attempt}", Token));
            if (attempt < 9)
            {
                var gap = TimeSpan.FromSeconds(expectedGaps[attempt - 1]);
                Assert.Equal(_clock.UtcNow + gap, (await LoadAsync(job.Id)).NextAttemptAt);
                _clock.Advance(gap - TimeSpan.FromMicroseconds(1));
                Assert.Null(await Queue.ClaimNextAsync("worker-a", Lease, Mine, Token));
                _clock.Advance(TimeSpan.FromMicroseconds(1));
            }
        }

        var stored = await LoadAsync(job.Id);
        Assert.Equal(JobStatus.Failed, stored.Status);
        Assert.Equal(9, stored.Attempts);
        Assert.Equal("boom 9", stored.LastError);
        Assert.Equal(_clock.UtcNow, stored.CompletedAt);
        Assert.Null(await Queue.ClaimNextAsync("worker-a", Lease, Mine, Token));
        var history = stored.History.OrderBy(a => a.Number).ToList();
        Assert.Equal(Enumerable.Range(1, 9), history.Select(a => a.Number));
        Assert.All(history, a => Assert.Equal(JobStatus.Failed, a.Outcome));
        Assert.Equal(Enumerable.Range(1, 9).Select(n => $"boom {n}"), history.Select(a => a.Error));
        var gaps = history.Zip(history.Skip(1), (before, after) => (after.StartedAt - before.EndedAt!.Value).TotalSeconds);
        Assert.Equal(expectedGaps, gaps);
    }

    [Fact]
    public async Task Fail_ErrorLongerThanTheColumn_KeepsItsHeadWithinTheColumn()
    {
        var job = await Queue.EnqueueAsync(new JobRequest(_type, "{}") { MaxAttempts = 1 }, Token);
        var error = "System.Exception: first line\n" + new string('x', 20_000);
        await Queue.ClaimNextAsync("worker-a", Lease, Mine, Token);

        await Queue.FailAsync(job.Id, "worker-a", error, Token);

        var stored = await LoadAsync(job.Id);
        Assert.Equal(JobStatus.Failed, stored.Status);
        Assert.Equal(8000, stored.LastError!.Length);
        Assert.StartsWith(error[..7000], stored.LastError, StringComparison.Ordinal);
        Assert.EndsWith("[truncated]", stored.LastError, StringComparison.Ordinal);
        Assert.Equal(stored.LastError, Assert.Single(stored.History).Error);
    }

    [Fact]
    public async Task Heartbeat_ByAnotherWorker_IsRefusedAndOnlyTheOwnerExtendsTheLease()
    {
        var job = await Queue.EnqueueAsync(new JobRequest(_type, "{}"), Token);
        await Queue.ClaimNextAsync("worker-a", Lease, Mine, Token);
        var leaseFromClaim = _clock.UtcNow + Lease;
        _clock.Advance(TimeSpan.FromSeconds(10));

        var byStranger = await Queue.HeartbeatAsync(job.Id, "worker-b", Lease, Token);
        var completeByStranger = await Queue.CompleteAsync(job.Id, "worker-b", Token);
        var afterStranger = await LoadAsync(job.Id);
        var byOwner = await Queue.HeartbeatAsync(job.Id, "worker-a", Lease, Token);

        Assert.Equal(HeartbeatResult.LeaseLost, byStranger);
        Assert.Equal(JobTransitionResult.LeaseLost, completeByStranger);
        Assert.Equal((JobStatus.Running, "worker-a", leaseFromClaim), (afterStranger.Status, afterStranger.LeaseOwner, afterStranger.LeaseExpiresAt));
        Assert.Equal(HeartbeatResult.Extended, byOwner);
        Assert.Equal(_clock.UtcNow + Lease, (await LoadAsync(job.Id)).LeaseExpiresAt);
        Assert.Equal(HeartbeatResult.LeaseLost, await Queue.HeartbeatAsync(Guid.NewGuid(), "worker-a", Lease, Token));
    }

    [Fact]
    public async Task ReapExpiredLeases_WorkerStoppedHeartbeating_ReturnsJobToPendingForAnotherWorker()
    {
        var job = await Queue.EnqueueAsync(new JobRequest(_type, "{}"), Token);
        await Queue.ClaimNextAsync("worker-a", Lease, Mine, Token);
        _clock.Advance(Lease - TimeSpan.FromMicroseconds(1));
        await Queue.ReapExpiredLeasesAsync(Token);
        var beforeExpiry = await LoadAsync(job.Id);
        _clock.Advance(TimeSpan.FromMicroseconds(1));

        var reaped = await Queue.ReapExpiredLeasesAsync(Token);

        Assert.Equal(JobStatus.Running, beforeExpiry.Status);
        Assert.True(reaped >= 1);
        var returned = await LoadAsync(job.Id);
        Assert.Equal(JobStatus.Pending, returned.Status);
        Assert.Equal(1, returned.Attempts);
        Assert.Null(returned.LeaseOwner);
        Assert.StartsWith("Lease expired: worker 'worker-a'", returned.LastError, StringComparison.Ordinal);
        var lost = Assert.Single(returned.History);
        Assert.Equal((JobStatus.Failed, _clock.UtcNow), (lost.Outcome, lost.EndedAt));
        Assert.StartsWith("Lease expired", lost.Error, StringComparison.Ordinal);
        Assert.Equal(HeartbeatResult.LeaseLost, await Queue.HeartbeatAsync(job.Id, "worker-a", Lease, Token));

        _clock.Advance(TimeSpan.FromSeconds(1.25));
        var reclaimed = await Queue.ClaimNextAsync("worker-b", Lease, Mine, Token);

        Assert.Equal(job.Id, reclaimed?.Id);
        Assert.Equal(2, reclaimed!.Attempts);
        Assert.Equal(JobTransitionResult.LeaseLost, await Queue.CompleteAsync(job.Id, "worker-a", Token));
        Assert.Equal(JobTransitionResult.Applied, await Queue.CompleteAsync(job.Id, "worker-b", Token));
        Assert.Equal(["worker-a", "worker-b"], (await LoadAsync(job.Id)).History.OrderBy(a => a.Number).Select(a => a.Worker));
    }

    [Fact]
    public async Task ReapExpiredLeases_LastAttemptLost_FailsTheJob()
    {
        var job = await Queue.EnqueueAsync(new JobRequest(_type, "{}") { MaxAttempts = 1 }, Token);
        await Queue.ClaimNextAsync("worker-a", Lease, Mine, Token);
        _clock.Advance(Lease);

        await Queue.ReapExpiredLeasesAsync(Token);

        var stored = await LoadAsync(job.Id);
        Assert.Equal(JobStatus.Failed, stored.Status);
        Assert.StartsWith("Lease expired", stored.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancel_PendingJob_IsCancelledAtOnceAndNeverClaimed()
    {
        var job = await Queue.EnqueueAsync(new JobRequest(_type, "{}"), Token);

        var result = await Queue.CancelAsync(job.Id, Token);

        Assert.Equal(JobTransitionResult.Applied, result);
        Assert.Equal(JobStatus.Cancelled, (await LoadAsync(job.Id)).Status);
        Assert.Null(await Queue.ClaimNextAsync("worker-a", Lease, Mine, Token));
        Assert.Equal(JobTransitionResult.NotAllowed, await Queue.CancelAsync(job.Id, Token));
        Assert.Equal(JobTransitionResult.NotFound, await Queue.CancelAsync(Guid.NewGuid(), Token));
    }

    [Fact]
    public async Task Cancel_RunningJob_WorkerLearnsItFromHeartbeatAndConfirms()
    {
        var job = await Queue.EnqueueAsync(new JobRequest(_type, "{}"), Token);
        await Queue.ClaimNextAsync("worker-a", Lease, Mine, Token);
        var confirmWithoutRequest = await Queue.ConfirmCancelledAsync(job.Id, "worker-a", Token);

        var cancel = await Queue.CancelAsync(job.Id, Token);
        var stillRunning = await LoadAsync(job.Id);
        var heartbeat = await Queue.HeartbeatAsync(job.Id, "worker-a", Lease, Token);
        var confirmed = await Queue.ConfirmCancelledAsync(job.Id, "worker-a", Token);

        Assert.Equal(JobTransitionResult.NotAllowed, confirmWithoutRequest);
        Assert.Equal(JobTransitionResult.Applied, cancel);
        Assert.Equal((JobStatus.Running, true), (stillRunning.Status, stillRunning.CancelRequested));
        Assert.Equal(HeartbeatResult.CancelRequested, heartbeat);
        Assert.Equal(JobTransitionResult.Applied, confirmed);
        var stored = await LoadAsync(job.Id);
        Assert.Equal(JobStatus.Cancelled, stored.Status);
        Assert.Equal(JobStatus.Cancelled, Assert.Single(stored.History).Outcome);
    }

    [Fact]
    public async Task Fail_AfterCancelWasRequested_CancelsInsteadOfRetrying()
    {
        var job = await Queue.EnqueueAsync(new JobRequest(_type, "{}"), Token);
        await Queue.ClaimNextAsync("worker-a", Lease, Mine, Token);
        await Queue.CancelAsync(job.Id, Token);

        await Queue.FailAsync(job.Id, "worker-a", "OperationCanceledException", Token);

        Assert.Equal(JobStatus.Cancelled, (await LoadAsync(job.Id)).Status);
    }

    [Fact]
    public async Task Retry_FailedJob_QueuesItAgainWithAFreshBudgetAndKeepsTheHistory()
    {
        var job = await Queue.EnqueueAsync(new JobRequest(_type, "{}") { MaxAttempts = 1 }, Token);
        await Queue.ClaimNextAsync("worker-a", Lease, Mine, Token);
        await Queue.FailAsync(job.Id, "worker-a", "quota exceeded", Token);
        _clock.Advance(TimeSpan.FromMinutes(5));

        var result = await Queue.RetryAsync(job.Id, Token);

        Assert.Equal(JobTransitionResult.Applied, result);
        var pending = await LoadAsync(job.Id);
        Assert.Equal((JobStatus.Pending, 0, _clock.UtcNow, "quota exceeded"), (pending.Status, pending.Attempts, pending.NextAttemptAt, pending.LastError));
        Assert.Null(pending.CompletedAt);
        var again = await Queue.ClaimNextAsync("worker-b", Lease, Mine, Token);
        Assert.Equal(1, again?.Attempts);
        Assert.Equal([1, 2], (await LoadAsync(job.Id)).History.Select(a => a.Number).Order());
        Assert.Equal(JobTransitionResult.NotAllowed, await Queue.RetryAsync(job.Id, Token));
        await Queue.CompleteAsync(job.Id, "worker-b", Token);
        Assert.Equal(JobTransitionResult.NotAllowed, await Queue.RetryAsync(job.Id, Token));
        Assert.Equal(JobTransitionResult.NotFound, await Queue.RetryAsync(Guid.NewGuid(), Token));
    }

    private async Task<Job> LoadAsync(Guid id)
    {
        await using var db = database.CreateContext();
        return await db.Jobs.AsNoTracking().Include(j => j.History).SingleAsync(j => j.Id == id, Token);
    }
}

public sealed class SqliteJobQueueTests(SqliteDatabaseFixture database)
    : JobQueueTests(database), IClassFixture<SqliteDatabaseFixture>;

public sealed class PostgresJobQueueTests(PostgresDatabaseFixture database)
    : JobQueueTests(database), IClassFixture<PostgresDatabaseFixture>;
