using System.Linq.Expressions;
using AbStudio.Domain.AbTests;
using AbStudio.Domain.Collections;
using AbStudio.Domain.Jobs;
using AbStudio.Domain.Persistence;
using AbStudio.Domain.Runs;

namespace AbStudio.Web.Realtime;

/// <summary>The kinds of items clients can watch.</summary>
public static class StatusSources
{
    public static readonly IReadOnlyList<StatusSource> All =
        [new CollectionStatusSource(), new TestStatusSource(), new RunStatusSource(), new JobStatusSource()];

    public static StatusSource? Find(string kind) => All.FirstOrDefault(s => s.Kind == kind);
}

/// <summary>A build's progress is chunks; <c>ReadyAt</c> catches builds that finish between two looks.</summary>
public sealed class CollectionStatusSource : StatusSource
{
    private static readonly Expression<Func<Collection, StatusRow>> Row = c =>
        new StatusRow(c.Id, c.Status, c.ChunksDone, c.ChunksTotal, c.Error, CollectionStatuses.Finished.Contains(c.Status));

    public override string Kind => "collection";

    public override IQueryable<StatusRow> One(AbStudioDbContext db, Guid id) => db.Collections.Where(c => c.Id == id).Select(Row);

    public override IQueryable<StatusRow> Moving(AbStudioDbContext db, Guid[] unfinishedBefore, DateTime finishedSince) =>
        db.Collections.Where(c => CollectionStatuses.Building.Contains(c.Status)
            || unfinishedBefore.Contains(c.Id) || c.ReadyAt >= finishedSince).Select(Row);
}

/// <summary>A job's progress is its attempts out of the most it may have; the message is its last error.</summary>
public sealed class JobStatusSource : StatusSource
{
    private static readonly Expression<Func<Job, StatusRow>> Row = j =>
        new StatusRow(j.Id, j.Status, j.Attempts, j.MaxAttempts, j.LastError, JobStatuses.Finished.Contains(j.Status));

    public override string Kind => "job";

    public override IQueryable<StatusRow> One(AbStudioDbContext db, Guid id) => db.Jobs.Where(j => j.Id == id).Select(Row);

    // No "finished since": CompletedAt has no index and the jobs table keeps its whole history, so
    // a job enqueued and finished between two looks is not relayed (its subject's status still is).
    public override IQueryable<StatusRow> Moving(AbStudioDbContext db, Guid[] unfinishedBefore, DateTime finishedSince) =>
        db.Jobs.Where(j => JobStatuses.Active.Contains(j.Status) || unfinishedBefore.Contains(j.Id)).Select(Row);
}

/// <summary>A run's progress is queries.</summary>
public sealed class RunStatusSource : StatusSource
{
    private static readonly Expression<Func<Run, StatusRow>> Row = r =>
        new StatusRow(r.Id, r.Status, r.QueriesDone, r.QueriesTotal, r.Error, RunStatuses.Finished.Contains(r.Status));

    public override string Kind => "run";

    public override IQueryable<StatusRow> One(AbStudioDbContext db, Guid id) => db.Runs.Where(r => r.Id == id).Select(Row);

    public override IQueryable<StatusRow> Moving(AbStudioDbContext db, Guid[] unfinishedBefore, DateTime finishedSince) =>
        db.Runs.Where(r => RunStatuses.Active.Contains(r.Status)
            || unfinishedBefore.Contains(r.Id) || r.CompletedAt >= finishedSince).Select(Row);
}

/// <summary>A test has a status only; drafts are not moving until they are queued.</summary>
public sealed class TestStatusSource : StatusSource
{
    private static readonly Expression<Func<AbTest, StatusRow>> Row = t =>
        new StatusRow(t.Id, t.Status, 0, 0, null, AbTestStatuses.Finished.Contains(t.Status));

    public override string Kind => "test";

    public override IQueryable<StatusRow> One(AbStudioDbContext db, Guid id) => db.Tests.Where(t => t.Id == id).Select(Row);

    public override IQueryable<StatusRow> Moving(AbStudioDbContext db, Guid[] unfinishedBefore, DateTime finishedSince) =>
        db.Tests.Where(t => AbTestStatuses.Active.Contains(t.Status)
            || unfinishedBefore.Contains(t.Id) || t.CompletedAt >= finishedSince).Select(Row);
}
