using AbStudio.Domain.Governance;
using AbStudio.Domain.Jobs;
using Microsoft.EntityFrameworkCore;

namespace AbStudio.Tests.Domain.Persistence;

/// <summary>Jobs with their attempt history, the audit log, quotas and provider policies.</summary>
public abstract class JobAndGovernancePersistenceTests(DatabaseFixture database)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Job_CreateUpdateDelete_KeepsHistoryUntilTheJobGoes()
    {
        var job = new Job { Type = "BuildCollection", PayloadJson = """{"collection":"x"}""", Provider = "hashing" };
        job.History.Add(new JobAttempt { Number = 1, Worker = "host-a", Outcome = JobStatus.Failed, Error = "HTTP 429", EndedAt = DateTime.UtcNow });
        await using (var db = database.CreateContext())
        {
            db.Jobs.Add(job);
            await db.SaveChangesAsync(Token);
            job.Attempts = 1;
            job.LastError = "HTTP 429";
            job.NextAttemptAt = DateTime.UtcNow.AddSeconds(4);
            await db.SaveChangesAsync(Token);
        }

        await using (var read = database.CreateContext())
        {
            var loaded = await read.Jobs.Include(j => j.History).SingleAsync(j => j.Id == job.Id, Token);
            Assert.Equal(1, loaded.Attempts);
            Assert.Equal("HTTP 429", loaded.LastError);
            Assert.Equal("host-a", Assert.Single(loaded.History).Worker);
            await read.Jobs.Where(j => j.Id == job.Id).ExecuteDeleteAsync(Token);
        }

        await using var after = database.CreateContext();
        Assert.False(await after.JobAttempts.AnyAsync(a => a.JobId == job.Id, Token));
    }

    [Fact]
    public async Task Job_ClaimedByTwoWorkersAtOnce_OnlyTheFirstClaimSucceeds()
    {
        var job = new Job { Type = "BuildCollection", PayloadJson = "{}" };
        await using (var db = database.CreateContext())
        {
            db.Jobs.Add(job);
            await db.SaveChangesAsync(Token);
        }

        await using var workerA = database.CreateContext();
        await using var workerB = database.CreateContext();
        var seenByA = await workerA.Jobs.SingleAsync(j => j.Id == job.Id, Token);
        var seenByB = await workerB.Jobs.SingleAsync(j => j.Id == job.Id, Token);
        seenByA.Status = seenByB.Status = JobStatus.Running;
        seenByA.LeaseOwner = "a";
        seenByB.LeaseOwner = "b";

        await workerA.SaveChangesAsync(Token);
        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => workerB.SaveChangesAsync(Token));
    }

    [Fact]
    public async Task Job_DueQuery_FindsPendingJobsWhoseTimeHasCome()
    {
        var type = $"Probe-{Guid.NewGuid():N}"[..30];
        await using (var db = database.CreateContext())
        {
            db.Jobs.AddRange(
                new Job { Type = type, PayloadJson = "{}", NextAttemptAt = DateTime.UtcNow.AddMinutes(-1) },
                new Job { Type = type, PayloadJson = "{}", NextAttemptAt = DateTime.UtcNow.AddMinutes(10) },
                new Job { Type = type, PayloadJson = "{}", Status = JobStatus.Running });
            await db.SaveChangesAsync(Token);
        }

        await using var read = database.CreateContext();
        var now = DateTime.UtcNow;
        Assert.Equal(1, await read.Jobs.CountAsync(j => j.Type == type && j.Status == JobStatus.Pending && j.NextAttemptAt <= now, Token));
    }

    [Fact]
    public async Task AuditEvent_Appended_IsFoundByActorAndTime()
    {
        var actor = $"user-{Guid.NewGuid():N}";
        await using (var db = database.CreateContext())
        {
            db.AuditEvents.Add(new AuditEvent { Actor = actor, Action = "create", EntityType = "test", EntityId = "t1", DetailsJson = """{"arms":2}""" });
            db.AuditEvents.Add(new AuditEvent { Actor = actor, Action = "delete", EntityType = "test", EntityId = "t1", At = DateTime.UtcNow.AddMinutes(1) });
            await db.SaveChangesAsync(Token);
        }

        await using var read = database.CreateContext();
        var actions = await read.AuditEvents.Where(e => e.Actor == actor).OrderBy(e => e.At).Select(e => e.Action).ToListAsync(Token);
        Assert.Equal(["create", "delete"], actions);
    }

    [Fact]
    public async Task Quota_SecondQuotaForTheSameSubject_IsRejected()
    {
        var subject = $"role:{Guid.NewGuid():N}";
        await using (var db = database.CreateContext())
        {
            db.Quotas.Add(new Quota { Subject = subject, MaxActiveTests = 5 });
            await db.SaveChangesAsync(Token);
        }

        await using var second = database.CreateContext();
        second.Quotas.Add(new Quota { Subject = subject, MaxActiveTests = 9 });
        await Assert.ThrowsAsync<DbUpdateException>(() => second.SaveChangesAsync(Token));
    }

    [Fact]
    public async Task ProviderPolicy_UpdateAllowedModels_RoundTripsTheList()
    {
        var provider = $"openai-{Guid.NewGuid():N}"[..30];
        var policy = new ProviderPolicy { Provider = provider, Allowed = true, AllowedModels = ["text-embedding-3-small"], RequestsPerMinute = 600 };
        await using (var db = database.CreateContext())
        {
            db.ProviderPolicies.Add(policy);
            await db.SaveChangesAsync(Token);
            policy.AllowedModels = ["text-embedding-3-small", "text-embedding-3-large"];
            policy.Allowed = false;
            await db.SaveChangesAsync(Token);
        }

        await using var read = database.CreateContext();
        var loaded = await read.ProviderPolicies.SingleAsync(p => p.Provider == provider, Token);
        Assert.False(loaded.Allowed);
        Assert.Equal(["text-embedding-3-small", "text-embedding-3-large"], loaded.AllowedModels);
    }
}

public sealed class SqliteJobAndGovernancePersistenceTests(SqliteDatabaseFixture database)
    : JobAndGovernancePersistenceTests(database), IClassFixture<SqliteDatabaseFixture>;

public sealed class PostgresJobAndGovernancePersistenceTests(PostgresDatabaseFixture database)
    : JobAndGovernancePersistenceTests(database), IClassFixture<PostgresDatabaseFixture>;
