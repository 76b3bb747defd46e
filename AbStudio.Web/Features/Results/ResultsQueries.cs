using AbStudio.Domain.AbTests.Definitions;
using AbStudio.Domain.Evaluation.Statistics;
using AbStudio.Domain.Governance;
using AbStudio.Domain.Persistence;
using AbStudio.Domain.Runs;
using AbStudio.Domain.Runs.Results;
using AbStudio.Domain.Runs.Summary;
using AbStudio.Web.Features.Accounts;
using AbStudio.Web.Features.Results.Charts;
using Microsoft.EntityFrameworkCore;

namespace AbStudio.Web.Features.Results;

/// <summary>A run of the test, to pick from.</summary>
public sealed record RunChoice(Guid Id, RunStatus Status, DateTime CreatedAt, DateTime? CompletedAt);

/// <summary>
/// What the results page shows of a test: its arms (baseline first), cut-offs, runs, and the run
/// shown — the one asked for, else the latest completed — with its stored summary when it has one.
/// </summary>
public sealed record ResultsView(
    Guid TestId,
    string TestName,
    IReadOnlyList<string> Arms,
    IReadOnlyList<int> K,
    string PrimaryMetric,
    IReadOnlyList<RunChoice> Runs,
    RunChoice? Run,
    StoredRunSummary? Summary,
    PairedComparisonOptions Statistics)
{
    public IReadOnlyList<string> Metrics { get; } = [.. RunMetrics.For(K).Select(m => m.Name)];
}

/// <summary>
/// The reads behind the results pages beyond the domain's result services: which run to show, and
/// the per-query values the charts need whole (metric values of every arm, total latencies).
/// </summary>
public sealed class ResultsQueries(IDbContextFactory<AbStudioDbContext> contexts, QueryComparison comparison)
{
    /// <summary>The test's results view, or null when there is no such test.</summary>
    public async Task<ResultsView?> GetAsync(Actor actor, Guid testId, Guid? runId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var test = await db.Tests.AsNoTracking().VisibleTo(actor.Scope).Where(t => t.Id == testId)
            .Select(t => new { t.Name, t.KValues, t.PrimaryMetric, t.Definition, Arms = t.Arms.OrderBy(a => a.Ordinal).Select(a => a.Name).ToList() })
            .SingleOrDefaultAsync(cancellationToken);
        if (test is null)
        {
            return null;
        }

        var runs = await db.Runs.AsNoTracking().Where(r => r.TestId == testId).OrderByDescending(r => r.CreatedAt)
            .Select(r => new { Choice = new RunChoice(r.Id, r.Status, r.CreatedAt, r.CompletedAt), r.SummaryJson, r.StatisticsSeed })
            .ToListAsync(cancellationToken);
        var shown = runId is { } id
            ? runs.FirstOrDefault(r => r.Choice.Id == id)
            : runs.FirstOrDefault(r => r.Choice.Status == RunStatus.Completed) ?? runs.FirstOrDefault();
        var summary = shown is { Choice.Status: RunStatus.Completed, SummaryJson: { } json } ? StoredRunSummary.Read(json) : null;

        // The run's own seed, so the charts' intervals reproduce like the run's.
        var statistics = test.Definition.Statistics.ToOptions();
        if (shown is not null)
        {
            statistics = statistics with { Seed = unchecked((ulong)shown.StatisticsSeed) };
        }

        return new ResultsView(testId, test.Name, test.Arms, test.KValues, test.PrimaryMetric, [.. runs.Select(r => r.Choice)], shown?.Choice, summary, statistics);
    }

    /// <summary>Every query's value of <paramref name="metric"/> per arm (the arms' order), in the dataset's query order.</summary>
    public async Task<IReadOnlyList<ArmValues>> MetricValuesAsync(Actor actor, Guid runId, IReadOnlyList<string> arms, string metric, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(arms);
        if (!await VisibleAsync(actor, runId, cancellationToken))
        {
            return [];
        }

        var page = await comparison.PageAsync(new QueryComparisonRequest(runId, metric, 1, int.MaxValue), cancellationToken);
        return [.. arms.Select(arm => new ArmValues(arm, [.. page.Items.Select(row => row.Values.GetValueOrDefault(arm, double.NaN))]))];
    }

    /// <summary>Every query's total latency per arm (the arms' order).</summary>
    public async Task<IReadOnlyList<ArmValues>> TotalLatenciesAsync(Actor actor, Guid runId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var runs = db.Runs.VisibleTo(actor.Scope).Select(r => r.Id);
        var rows = await db.QueryResults.AsNoTracking().Where(r => r.RunId == runId && runs.Contains(r.RunId))
            .Select(r => new { r.Arm!.Name, r.Arm.Ordinal, r.TotalMs }).ToListAsync(cancellationToken);
        return [.. rows.GroupBy(r => (r.Ordinal, r.Name)).OrderBy(g => g.Key.Ordinal).Select(g => new ArmValues(g.Key.Name, [.. g.Select(r => r.TotalMs)]))];
    }

    /// <summary>Whether the actor's teams see the run (its test's team).</summary>
    public async Task<bool> VisibleAsync(Actor actor, Guid runId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Runs.VisibleTo(actor.Scope).AnyAsync(r => r.Id == runId, cancellationToken);
    }
}
