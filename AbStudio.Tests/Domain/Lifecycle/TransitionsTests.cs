using AbStudio.Domain.AbTests;
using AbStudio.Domain.Collections;
using AbStudio.Domain.Jobs;
using AbStudio.Domain.Lifecycle;
using AbStudio.Domain.Persistence;
using AbStudio.Domain.Runs;
using AbStudio.Tests.Domain.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

namespace AbStudio.Tests.Domain.Lifecycle;

/// <summary>
/// Every (status, event) pair of tests, runs, collections and jobs, applied to a real row: it moves
/// to the status the table gives, or is refused with a reason and the row is left as it was.
/// </summary>
public abstract class TransitionsTests(DatabaseFixture database)
{
    private static readonly DateTime Now = new(2026, 12, 2, 12, 0, 0, DateTimeKind.Utc);
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Test_EveryStatusAndEvent_MovesAsTheTableSaysOrIsRefusedWithAReason()
    {
        var datasetId = await DatasetAsync();
        foreach (var from in Enum.GetValues<AbTestStatus>())
        {
            foreach (var @event in Enum.GetValues<TestEvent>())
            {
                await using var db = database.CreateContext();
                var test = TestData.Test(datasetId, "a", "b");
                test.Status = from;
                db.Tests.Add(test);
                await db.SaveChangesAsync(Token);

                var moved = await StatusMoves.TestAsync(db, test.Id, @event, Now, Token);

                var now = await db.Tests.Where(t => t.Id == test.Id).Select(t => t.Status).SingleAsync(Token);
                AssertAsTable(Transitions.Test, from, @event, moved, now);
            }
        }
    }

    [Fact]
    public async Task Run_EveryStatusAndEvent_MovesAsTheTableSaysOrIsRefusedWithAReason()
    {
        var datasetId = await DatasetAsync();
        foreach (var from in Enum.GetValues<RunStatus>())
        {
            foreach (var @event in Enum.GetValues<RunEvent>())
            {
                await using var db = database.CreateContext();
                var test = TestData.Test(datasetId, "a", "b");
                var run = new Run { TestId = test.Id, Status = from };
                db.Tests.Add(test);
                db.Runs.Add(run);
                await db.SaveChangesAsync(Token);

                var moved = await StatusMoves.RunAsync(db, run.Id, @event, Now, Token, error: "why");

                var now = await db.Runs.Where(r => r.Id == run.Id).Select(r => r.Status).SingleAsync(Token);
                AssertAsTable(Transitions.Run, from, @event, moved, now);
            }
        }
    }

    [Fact]
    public async Task Collection_EveryStatusAndEvent_MovesAsTheTableSaysOrIsRefusedWithAReason()
    {
        var datasetId = await DatasetAsync();
        foreach (var from in Enum.GetValues<CollectionStatus>())
        {
            foreach (var @event in Enum.GetValues<CollectionEvent>())
            {
                await using var db = database.CreateContext();
                var collection = TestData.Collection(datasetId);
                collection.Status = from;
                db.Collections.Add(collection);
                await db.SaveChangesAsync(Token);

                var moved = await StatusMoves.CollectionAsync(db, collection.Id, @event, Now, Token);

                var now = await db.Collections.Where(c => c.Id == collection.Id).Select(c => c.Status).SingleAsync(Token);
                AssertAsTable(Transitions.Collection, from, @event, moved, now);
            }
        }
    }

    [Fact]
    public async Task Job_EveryStatusAndEvent_MovesAsTheTableSaysOrIsRefused()
    {
        var contexts = new FixtureContextFactory(database);
        var queue = new JobQueue(contexts, new JobRetryPolicy { MaxAttempts = 3 }, TimeProvider.System, NullLogger<JobQueue>.Instance);
        foreach (var from in Enum.GetValues<JobStatus>())
        {
            foreach (var @event in Enum.GetValues<JobEvent>())
            {
                var type = $"transitions-{Guid.NewGuid():N}";
                var job = await JobInAsync(contexts, type, from, @event, Token);

                var result = @event switch
                {
                    JobEvent.Claim => await queue.ClaimNextAsync("worker", TimeSpan.FromMinutes(1), new JobClaimFilter([type], []), Token) is null
                        ? JobTransitionResult.NotAllowed : JobTransitionResult.Applied,
                    JobEvent.Succeed => await queue.CompleteAsync(job.Id, "worker", Token),
                    JobEvent.FailAttempt or JobEvent.FailLastAttempt => await queue.FailAsync(job.Id, "worker", "boom", Token),
                    JobEvent.Cancel => await queue.CancelAsync(job.Id, Token),
                    JobEvent.ConfirmCancel => await queue.ConfirmCancelledAsync(job.Id, "worker", Token),
                    JobEvent.Retry => await queue.RetryAsync(job.Id, Token),
                    _ => throw new InvalidOperationException($"No call for {@event}."),
                };

                await using var db = contexts.CreateDbContext();
                var now = await db.Jobs.Where(j => j.Id == job.Id).Select(j => j.Status).SingleAsync(Token);
                var decision = Transitions.Job.Decide(from, @event);
                var pair = $"job {from} + {@event}";
                if (decision.Applied)
                {
                    Assert.True(result == JobTransitionResult.Applied, $"{pair}: expected {decision.To}, the queue answered {result}");
                    Assert.True(decision.To == now, $"{pair}: expected {decision.To}, got {now}");
                }
                else
                {
                    Assert.True(result != JobTransitionResult.Applied, $"{pair}: the table refuses it, the queue applied it ({now})");
                    Assert.True(from == now, $"{pair}: refused, yet the job moved to {now}");
                }
            }
        }
    }

    private static void AssertAsTable<TStatus, TEvent>(TransitionTable<TStatus, TEvent> table, TStatus from, TEvent @event, Transition<TStatus> moved, TStatus now)
        where TStatus : struct, Enum
        where TEvent : struct, Enum
    {
        var pair = $"{table.Kind} {from} + {@event}";
        if (table.Moves.TryGetValue((from, @event), out var to))
        {
            Assert.True(moved.Applied, $"{pair}: expected {to}, refused: {moved.Refusal}");
            Assert.True(EqualityComparer<TStatus>.Default.Equals(to, now), $"{pair}: expected {to}, got {now}");
        }
        else
        {
            Assert.False(moved.Applied, $"{pair}: the table has no such move, yet it moved to {moved.To}");
            Assert.False(string.IsNullOrWhiteSpace(moved.Refusal), $"{pair}: refused without a reason");
            Assert.True(EqualityComparer<TStatus>.Default.Equals(from, now), $"{pair}: refused, yet the row moved to {now}");
        }
    }

    private async Task<Guid> DatasetAsync()
    {
        await using var db = database.CreateContext();
        var dataset = TestData.Dataset();
        db.Datasets.Add(dataset);
        await db.SaveChangesAsync(Token);
        return dataset.Id;
    }

    /// <summary>A job of its own type in <paramref name="status"/>, held by "worker" when running, set up for the event to be meaningful.</summary>
    private static async Task<Job> JobInAsync(FixtureContextFactory contexts, string type, JobStatus status, JobEvent @event, CancellationToken cancellationToken)
    {
        await using var db = contexts.CreateDbContext();
        var job = new Job
        {
            Type = type,
            PayloadJson = "{}",
            Status = status,
            MaxAttempts = 3,
            Attempts = status == JobStatus.Running ? (@event == JobEvent.FailLastAttempt ? 3 : 1) : 0,
            NextAttemptAt = DateTime.UtcNow.AddSeconds(-1),
            LeaseOwner = status == JobStatus.Running ? "worker" : null,
            LeaseExpiresAt = status == JobStatus.Running ? DateTime.UtcNow.AddMinutes(1) : null,

            // Its worker confirms a cancel only after a user asked for one.
            CancelRequested = status == JobStatus.Running && @event == JobEvent.ConfirmCancel,
        };
        db.Jobs.Add(job);
        if (status == JobStatus.Running)
        {
            db.JobAttempts.Add(new JobAttempt { JobId = job.Id, Number = 1, Worker = "worker", StartedAt = DateTime.UtcNow });
        }

        await db.SaveChangesAsync(cancellationToken);
        return job;
    }
}

public sealed class SqliteTransitionsTests(SqliteDatabaseFixture database)
    : TransitionsTests(database), IClassFixture<SqliteDatabaseFixture>;

public sealed class PostgresTransitionsTests(PostgresDatabaseFixture database)
    : TransitionsTests(database), IClassFixture<PostgresDatabaseFixture>;
