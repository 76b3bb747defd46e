using AbStudio.Domain.AbTests;
using AbStudio.Domain.AbTests.Definitions;
using AbStudio.Domain.Collections;
using AbStudio.Domain.Collections.Planning;
using AbStudio.Domain.Governance;
using AbStudio.Domain.Persistence;
using AbStudio.Domain.Runs;
using AbStudio.Web.Api;
using AbStudio.Web.Features.Accounts;
using AbStudio.Web.Features.Runs;
using AbStudio.Web.Realtime;
using Microsoft.EntityFrameworkCore;

namespace AbStudio.Web.Features.AbTests;

/// <summary>What the console's test pages read: the list, one test with its arms and latest run, the datasets to pick from.</summary>
public sealed class TestsQueries(IDbContextFactory<AbStudioDbContext> contexts)
{
    /// <summary>One page of tests, newest first.</summary>
    public async Task<TestListPage> ListAsync(Actor actor, int page, int pageSize, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var total = await db.Tests.VisibleTo(actor.Scope).CountAsync(cancellationToken);
        var rows = await db.Tests.AsNoTracking().VisibleTo(actor.Scope)
            .OrderByDescending(t => t.CreatedAt).ThenByDescending(t => t.Id)
            .Skip(page * pageSize).Take(pageSize)
            .Select(t => new TestListItem(
                t.Id,
                t.Name,
                t.Dataset!.Name,
                t.Arms.Count,
                t.Status,
                t.Runs.OrderByDescending(r => r.CreatedAt).Select(r => (long?)r.QueriesDone).FirstOrDefault(),
                t.Runs.OrderByDescending(r => r.CreatedAt).Select(r => (long?)r.QueriesTotal).FirstOrDefault(),
                t.CreatedAt))
            .ToListAsync(cancellationToken);
        return new TestListPage(rows, total);
    }

    /// <summary>One page of tests for the API, newest first, optionally only those with a status.</summary>
    public async Task<PagedList<TestSummary>> PageAsync(Actor actor, AbTestStatus? status, PageQuery page, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Tests.AsNoTracking().VisibleTo(actor.Scope)
            .Where(t => status == null || t.Status == status)
            .OrderByDescending(t => t.CreatedAt).ThenByDescending(t => t.Id)
            .Select(t => new TestSummary(
                t.Id,
                t.Name,
                t.DatasetId,
                t.Dataset!.Name,
                t.Arms.Count,
                t.Status,
                t.Runs.OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id).Select(r => (Guid?)r.Id).FirstOrDefault(),
                t.Runs.OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id).Select(r => (RunStatus?)r.Status).FirstOrDefault(),
                t.CreatedAt))
            .ToPagedListAsync(page, cancellationToken);
    }

    /// <summary>
    /// A test as the API returns it and its console page shows it: definition, arms with their
    /// collections, latest run; null when there is no such test.
    /// </summary>
    public async Task<TestDetail?> DetailAsync(Actor actor, Guid testId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var test = await db.Tests.AsNoTracking().VisibleTo(actor.Scope).Include(t => t.Dataset).Include(t => t.Arms).ThenInclude(a => a.Collection)
            .AsSplitQuery().SingleOrDefaultAsync(t => t.Id == testId, cancellationToken);
        if (test is null)
        {
            return null;
        }

        var run = await db.Runs.AsNoTracking().Where(r => r.TestId == testId).OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id)
            .FirstOrDefaultAsync(cancellationToken);
        var arms = test.Arms.OrderBy(a => a.Ordinal).Select(a => new ArmView(
            a.Name,
            a.RetrievalMode,
            a.EmbeddingProvider,
            a.EmbeddingModel,
            a.Definition,
            a.CollectionPlan,
            a.CollectionPlanReason,
            a.Collection is { } c ? new ArmCollectionView(c.Id, c.Status, Progress.Of(c.ChunksDone, c.ChunksTotal), c.Error) : null)).ToList();
        // The typed definition written out in the document format the API has always returned.
        var definition = System.Text.Json.JsonSerializer.SerializeToElement(test.Definition, TestDefinitionReader.JsonOptions);
        return new TestDetail(
            test.Id, test.Name, test.Description, test.DatasetId, test.Dataset?.Name ?? "(deleted dataset)", test.Split, test.KValues, test.PrimaryMetric,
            test.Status, test.CreatedBy, test.CreatedAt, definition, arms, run is null ? null : RunView.Of(run))
        {
            ReuseExisting = test.ReuseExisting,
            Cleanup = test.Cleanup,
            CollectionTtl = test.CollectionTtl,
        };
    }

    /// <summary>The datasets the actor's tests can run on (their teams' and the shared ones), with the splits that have judgments.</summary>
    public async Task<IReadOnlyList<DatasetChoice>> DatasetsAsync(Actor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var visible = db.Datasets.AsNoTracking().VisibleTo(actor.Scope);
        var datasets = await visible.OrderBy(d => d.Name)
            .Select(d => new { d.Id, d.Name, d.DocumentCount, d.QueryCount }).ToListAsync(cancellationToken);
        var splits = await db.Judgments.AsNoTracking().Where(j => visible.Any(d => d.Id == j.DatasetId))
            .Select(j => new { j.DatasetId, j.Split }).Distinct().ToListAsync(cancellationToken);
        return [.. datasets.Select(d => new DatasetChoice(
            d.Id, d.Name, d.DocumentCount, d.QueryCount,
            [.. splits.Where(s => s.DatasetId == d.Id).Select(s => s.Split).Order(StringComparer.Ordinal)]))];
    }

    /// <summary>The stored definition of a test, to clone it.</summary>
    public async Task<(TestDefinition Definition, Guid DatasetId)?> DefinitionOfAsync(Actor actor, Guid testId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var test = await db.Tests.AsNoTracking().VisibleTo(actor.Scope).Where(t => t.Id == testId)
            .Select(t => new { t.Definition, t.DatasetId }).SingleOrDefaultAsync(cancellationToken);
        return test is null ? null : (test.Definition, test.DatasetId);
    }
}

public sealed record TestListPage(IReadOnlyList<TestListItem> Items, int Total);

/// <summary>A row of the tests list; the run numbers are the latest run's (null before the first start).</summary>
public sealed record TestListItem(Guid Id, string Name, string Dataset, int Arms, AbTestStatus Status, long? ResultsDone, long? ResultsTotal, DateTime CreatedAt);

public sealed record DatasetChoice(Guid Id, string Name, int Documents, int Queries, IReadOnlyList<string> Splits);
