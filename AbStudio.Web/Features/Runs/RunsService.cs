using AbStudio.Domain.Governance;
using AbStudio.Domain.Persistence;
using AbStudio.Domain.Runs;
using AbStudio.Domain.Runs.Results;
using AbStudio.Domain.Runs.Summary;
using AbStudio.Web.Api;
using AbStudio.Web.Features.Accounts;
using Microsoft.EntityFrameworkCore;

namespace AbStudio.Web.Features.Runs;

/// <summary>
/// What a run's analysis needs: its status, the test's metric settings, and the stored summary
/// (null until the run has completed).
/// </summary>
public sealed record RunAnalysis(Guid RunId, Guid TestId, RunStatus Status, string PrimaryMetric, IReadOnlyList<int> K, StoredRunSummary? Summary);

/// <summary>The run use cases behind the console and the API: a run's state, its summary and significance, its per-query grid.</summary>
public sealed class RunsService(IDbContextFactory<AbStudioDbContext> contexts, QueryComparison comparison)
{
    public async Task<RunView?> GetAsync(Actor actor, Guid runId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var run = await db.Runs.AsNoTracking().VisibleTo(actor.Scope).SingleOrDefaultAsync(r => r.Id == runId, cancellationToken);
        return run is null ? null : RunView.Of(run);
    }

    /// <summary>The run's analysis; null when there is no such run.</summary>
    public async Task<RunAnalysis?> AnalysisAsync(Actor actor, Guid runId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var run = await db.Runs.AsNoTracking().VisibleTo(actor.Scope).Where(r => r.Id == runId)
            .Select(r => new { r.Id, r.TestId, r.Status, r.SummaryJson, r.Test!.PrimaryMetric, r.Test.KValues })
            .SingleOrDefaultAsync(cancellationToken);
        if (run is null)
        {
            return null;
        }

        var summary = run is { Status: RunStatus.Completed, SummaryJson: { } json } ? StoredRunSummary.Read(json) : null;
        return new RunAnalysis(run.Id, run.TestId, run.Status, run.PrimaryMetric, run.KValues, summary);
    }

    /// <summary>
    /// A page of the per-query grid; the metric defaults to the test's primary metric. Throws
    /// <see cref="ResultsRequestException"/> naming the field (runId, metric, armA, armB) that names nothing.
    /// </summary>
    public async Task<PagedList<QueryComparisonRow>> ResultsAsync(
        Actor actor, Guid runId, string? metric, string? armA, string? armB, QueryOutcomeFilter filter, QueryOrder order, PageQuery page, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(actor);
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            // A run of another team is answered as one that does not exist, before anything is read.
            var primary = await db.Runs.AsNoTracking().VisibleTo(actor.Scope).Where(r => r.Id == runId).Select(r => r.Test!.PrimaryMetric).SingleOrDefaultAsync(cancellationToken)
                ?? throw new ResultsRequestException("runId", $"Run {runId} does not exist.");
            metric ??= primary;
        }

        var result = await comparison.PageAsync(
            new QueryComparisonRequest(runId, metric, page.PageNumber, page.Size) { ArmA = armA, ArmB = armB, Filter = filter, Order = order },
            cancellationToken);
        return new PagedList<QueryComparisonRow>(result.Items, result.Page, result.PageSize, result.Total);
    }

    /// <summary>Whether the actor's teams see the run (its test's team): what a read of one of its queries checks first.</summary>
    public async Task<bool> VisibleAsync(Actor actor, Guid runId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Runs.VisibleTo(actor.Scope).AnyAsync(r => r.Id == runId, cancellationToken);
    }
}
