using AbStudio.Domain.AbTests;
using AbStudio.Domain.Collections;
using AbStudio.Domain.Persistence;
using AbStudio.Domain.Runs;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query;

namespace AbStudio.Domain.Lifecycle;

/// <summary>
/// The only writes of a test's, run's or collection's status. Each reads the current status, asks
/// <see cref="Transitions"/>, and writes with a guard on the status it read, so of two writers
/// racing on one row exactly one moves it; the other reads again and is refused if the move no
/// longer applies. They write in the caller's context and transaction, so what goes with a move
/// (a queued job, an arm's plan) commits with it or not at all.
/// </summary>
internal static class StatusMoves
{
    private const int Tries = 3;
    private const int ErrorLength = 8000;

    public static async Task<Transition<AbTestStatus>> TestAsync(AbStudioDbContext db, Guid testId, TestEvent @event, DateTime now, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < Tries; attempt++)
        {
            var current = await db.Tests.Where(t => t.Id == testId).Select(t => (AbTestStatus?)t.Status).SingleOrDefaultAsync(cancellationToken);
            if (current is not { } from)
            {
                return Transition.NotFound<AbTestStatus>("test");
            }

            var decision = Transitions.Test.Decide(from, @event);
            if (!decision.Applied)
            {
                return decision;
            }

            var to = decision.To!.Value;
            DateTime? completedAt = to.IsFinished() ? now : null;
            if (await db.Tests.Where(t => t.Id == testId && t.Status == from).ExecuteUpdateAsync(
                s => s.SetProperty(t => t.Status, to).SetProperty(t => t.UpdatedAt, now).SetProperty(t => t.CompletedAt, completedAt),
                cancellationToken) == 1)
            {
                return decision;
            }
        }

        return Transition.Refused<AbTestStatus>(null, "The test changed while it was being moved; look again.");
    }

    public static async Task<Transition<RunStatus>> RunAsync(
        AbStudioDbContext db, Guid runId, RunEvent @event, DateTime now, CancellationToken cancellationToken, string? error = null, string? summaryJson = null)
    {
        for (var attempt = 0; attempt < Tries; attempt++)
        {
            var current = await db.Runs.Where(r => r.Id == runId).Select(r => (RunStatus?)r.Status).SingleOrDefaultAsync(cancellationToken);
            if (current is not { } from)
            {
                return Transition.NotFound<RunStatus>("run");
            }

            var decision = Transitions.Run.Decide(from, @event);
            if (!decision.Applied)
            {
                return decision;
            }

            var to = decision.To!.Value;
            DateTime? completedAt = to.IsFinished() ? now : null;
            DateTime? startedAt = now;
            var fitted = Fit(error);
            if (await db.Runs.Where(r => r.Id == runId && r.Status == from).ExecuteUpdateAsync(
                s =>
                {
                    s.SetProperty(r => r.Status, to);
                    s.SetProperty(r => r.CompletedAt, completedAt);
                    if (@event == RunEvent.Begin)
                    {
                        s.SetProperty(r => r.StartedAt, r => r.StartedAt ?? startedAt);
                    }

                    // A retried run starts clean; a failure keeps its reason.
                    if (fitted is not null || @event == RunEvent.Retry)
                    {
                        s.SetProperty(r => r.Error, fitted);
                    }

                    if (summaryJson is not null)
                    {
                        s.SetProperty(r => r.SummaryJson, summaryJson);
                    }
                },
                cancellationToken) == 1)
            {
                return decision;
            }
        }

        return Transition.Refused<RunStatus>(null, "The run changed while it was being moved; look again.");
    }

    public static async Task<Transition<CollectionStatus>> CollectionAsync(
        AbStudioDbContext db, Guid collectionId, CollectionEvent @event, DateTime now, CancellationToken cancellationToken,
        string? error = null, Action<UpdateSettersBuilder<Collection>>? alsoSet = null)
    {
        for (var attempt = 0; attempt < Tries; attempt++)
        {
            var current = await db.Collections.Where(c => c.Id == collectionId).Select(c => (CollectionStatus?)c.Status).SingleOrDefaultAsync(cancellationToken);
            if (current is not { } from)
            {
                return Transition.NotFound<CollectionStatus>("collection");
            }

            var decision = Transitions.Collection.Decide(from, @event);
            if (!decision.Applied)
            {
                return decision;
            }

            var to = decision.To!.Value;
            var fitted = Fit(error);
            DateTime? startedAt = now;
            if (await db.Collections.Where(c => c.Id == collectionId && c.Status == from).ExecuteUpdateAsync(
                s =>
                {
                    s.SetProperty(c => c.Status, to);
                    if (@event == CollectionEvent.BeginBuild)
                    {
                        s.SetProperty(c => c.StartedAt, c => c.StartedAt ?? startedAt);
                    }

                    if (fitted is not null || to is CollectionStatus.Pending or CollectionStatus.Ready)
                    {
                        s.SetProperty(c => c.Error, fitted);
                    }

                    alsoSet?.Invoke(s);

                    // Like SaveChanges: a tracked copy loaded before this move cannot be saved over it.
                    s.SetProperty(c => c.Version, c => c.Version + 1);
                },
                cancellationToken) == 1)
            {
                return decision;
            }
        }

        return Transition.Refused<CollectionStatus>(null, "The collection changed while it was being moved; look again.");
    }

    /// <summary>
    /// A run and its test move together or not at all; the caller commits only when this returns the
    /// test's id. The test row is written first, as starting a test does, so every path that moves a
    /// run takes its locks in one order (test, then run) and two of them never deadlock on PostgreSQL.
    /// </summary>
    public static async Task<Guid?> RunAndTestAsync(
        AbStudioDbContext db, Guid runId, RunEvent runEvent, TestEvent testEvent, DateTime now, CancellationToken cancellationToken,
        string? error = null, string? summaryJson = null)
    {
        var run = await db.Runs.Where(r => r.Id == runId).Select(r => new { r.TestId, r.Status }).SingleOrDefaultAsync(cancellationToken);
        if (run is null || !Transitions.Run.Decide(run.Status, runEvent).Applied)
        {
            return null;
        }

        if (!(await TestAsync(db, run.TestId, testEvent, now, cancellationToken)).Applied)
        {
            return null;
        }

        return (await RunAsync(db, runId, runEvent, now, cancellationToken, error, summaryJson)).Applied ? run.TestId : null;
    }

    private static string? Fit(string? error) => error is { Length: > ErrorLength } ? error[..ErrorLength] : error;
}
