using System.Collections.Concurrent;
using AbStudio.Domain.Jobs;
using AbStudio.Domain.Persistence;
using AbStudio.Tests.Domain.Persistence;
using AbStudio.Web.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

namespace AbStudio.Tests.Domain.Jobs;

/// <summary>
/// Many workers claiming from one table at once, each through its own contexts and connections, as
/// separate hosts would. On PostgreSQL this is the FOR UPDATE SKIP LOCKED path; on SQLite the
/// claims queue for the single write lock (the busy timeout is how long one may wait for it).
/// </summary>
public abstract class JobQueueConcurrencyTests(DatabaseFixture database)
{
    private const int Jobs = 200;
    private const int Workers = 8;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ClaimNext_EightWorkersAtOnce_ClaimEveryJobExactlyOnce()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        var type = $"Race-{Guid.NewGuid():N}"[..30];
        var enqueued = new HashSet<Guid>();
        await using (var db = database.CreateContext())
        {
            var queue = NewQueue(clock);
            for (var i = 0; i < Jobs; i++)
            {
                enqueued.Add(queue.Enqueue(db, new JobRequest(type, $$"""{"n":{{i}}}""")).Id);
            }

            await db.SaveChangesAsync(Token);
        }

        var claims = new ConcurrentBag<(string Worker, Guid Job)>();
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var workers = Enumerable.Range(1, Workers).Select(n => Task.Run(
            async () =>
            {
                var worker = $"worker-{n}";
                var queue = NewQueue(clock);
                await start.Task;
                while (await queue.ClaimNextAsync(worker, TimeSpan.FromMinutes(5), JobClaimFilter.OfTypes(type), Token) is { } job)
                {
                    claims.Add((worker, job.Id));
                }
            },
            Token)).ToList();
        start.SetResult();
        await Task.WhenAll(workers);

        Assert.Equal(Jobs, claims.Count);
        Assert.Equal(enqueued, claims.Select(c => c.Job).ToHashSet());
        await using var read = database.CreateContext();
        var stored = await read.Jobs.AsNoTracking().Include(j => j.History).Where(j => j.Type == type).ToListAsync(Token);
        var byJob = claims.ToDictionary(c => c.Job, c => c.Worker);
        Assert.All(stored, job =>
        {
            Assert.Equal((JobStatus.Running, 1, byJob[job.Id]), (job.Status, job.Attempts, job.LeaseOwner));
            Assert.Equal(byJob[job.Id], Assert.Single(job.History).Worker);
        });
    }

    // Separate factories per worker: nothing is shared in process but the database.
    private JobQueue NewQueue(ManualClock clock) =>
        new(new ContendedContexts(database), new JobRetryPolicy(), clock, NullLogger<JobQueue>.Instance);

    /// <summary>
    /// Contexts on the fixture's database with an explicit SQLite busy timeout: Microsoft.Data.Sqlite
    /// retries SQLITE_BUSY (from BEGIN IMMEDIATE) for up to this many seconds before it throws.
    /// </summary>
    private sealed class ContendedContexts : IDbContextFactory<AbStudioDbContext>
    {
        private readonly DbContextOptions<AbStudioDbContext> _options;

        public ContendedContexts(DatabaseFixture database)
        {
            var connectionString = database.Provider == DatabaseProvider.Sqlite
                ? new SqliteConnectionStringBuilder(database.ConnectionString) { DefaultTimeout = 30 }.ConnectionString
                : database.ConnectionString;
            var builder = new DbContextOptionsBuilder<AbStudioDbContext>();
            PersistenceExtensions.Configure(builder, database.Provider, connectionString);
            _options = builder.Options;
        }

        public AbStudioDbContext CreateDbContext() => new(_options);
    }
}

public sealed class SqliteJobQueueConcurrencyTests(SqliteDatabaseFixture database)
    : JobQueueConcurrencyTests(database), IClassFixture<SqliteDatabaseFixture>;

public sealed class PostgresJobQueueConcurrencyTests(PostgresDatabaseFixture database)
    : JobQueueConcurrencyTests(database), IClassFixture<PostgresDatabaseFixture>;
