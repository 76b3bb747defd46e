using System.Text.Json;
using AbStudio.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AbStudio.Domain.Runs.Results;

/// <summary>Which queries to list, seen from arm B against arm A.</summary>
public enum QueryOutcomeFilter
{
    All,

    /// <summary>B scored higher than A.</summary>
    Wins,

    /// <summary>B scored lower than A.</summary>
    Losses,

    Ties,
}

public enum QueryOrder
{
    /// <summary>The dataset's query order.</summary>
    Query,

    /// <summary>Largest gain of B over A first.</summary>
    DifferenceDescending,

    /// <summary>Largest loss of B against A first.</summary>
    DifferenceAscending,
}

/// <summary>What to page through: one metric of every arm per query, compared between arms A and B (default: the first two).</summary>
public sealed record QueryComparisonRequest(Guid RunId, string Metric, int Page, int PageSize)
{
    public string? ArmA { get; init; }
    public string? ArmB { get; init; }
    public QueryOutcomeFilter Filter { get; init; } = QueryOutcomeFilter.All;
    public QueryOrder Order { get; init; } = QueryOrder.Query;
}

/// <summary>One query's value of the metric in every arm, and B − A.</summary>
public sealed record QueryComparisonRow(string QueryId, string QueryText, IReadOnlyDictionary<string, double> Values, double Difference);

/// <summary>Asked for something the run does not have: the message names it and what exists.</summary>
public sealed class ResultsRequestException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}

/// <summary>
/// The per-query grid of a run: every query's value of one metric per arm, the difference between
/// two arms, filtered by wins or losses and sorted by the difference, a page at a time. Reads the
/// metric values each result stored, so it shows exactly what the run computed.
/// </summary>
public sealed class QueryComparison(IDbContextFactory<AbStudioDbContext> contexts)
{
    public async Task<ResultPage<QueryComparisonRow>> PageAsync(QueryComparisonRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var run = await db.Runs.AsNoTracking().Where(r => r.Id == request.RunId).Select(r => new { r.TestId, DatasetId = r.Test!.DatasetId, KValues = r.Test.KValues })
            .SingleOrDefaultAsync(cancellationToken) ?? throw new ResultsRequestException("runId", $"Run {request.RunId} does not exist.");
        var arms = await db.Arms.AsNoTracking().Where(a => a.TestId == run.TestId).OrderBy(a => a.Ordinal).Select(a => new { a.Id, a.Name }).ToListAsync(cancellationToken);
        var armA = ArmNamed(request.ArmA ?? arms[0].Name, "armA");
        var armB = ArmNamed(request.ArmB ?? arms[Math.Min(1, arms.Count - 1)].Name, "armB");
        var metrics = Summary.RunMetrics.For(run.KValues).Select(m => m.Name).ToList();
        if (!metrics.Contains(request.Metric, StringComparer.Ordinal))
        {
            throw new ResultsRequestException("metric", $"'{request.Metric}' is not a metric of this run; use one of {string.Join(", ", metrics)}.");
        }

        var values = new Dictionary<long, Dictionary<string, double>>();
        var nameOf = arms.ToDictionary(a => a.Id, a => a.Name);
        await foreach (var row in db.QueryResults.AsNoTracking().Where(r => r.RunId == request.RunId).Select(r => new { r.QueryId, r.ArmId, r.MetricsJson })
            .AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            using var json = JsonDocument.Parse(row.MetricsJson);
            if (!values.TryGetValue(row.QueryId, out var perArm))
            {
                values[row.QueryId] = perArm = new Dictionary<string, double>(StringComparer.Ordinal);
            }

            perArm[nameOf[row.ArmId]] = json.RootElement.GetProperty(request.Metric).GetDouble();
        }

        var queries = await db.Queries.AsNoTracking().Where(q => q.DatasetId == run.DatasetId).OrderBy(q => q.Id)
            .Select(q => new { q.Id, q.ExternalId, q.Text }).ToListAsync(cancellationToken);
        var rows = queries
            .Where(q => values.TryGetValue(q.Id, out var perArm) && perArm.ContainsKey(armA) && perArm.ContainsKey(armB))
            .Select(q => new QueryComparisonRow(q.ExternalId, q.Text, values[q.Id], values[q.Id][armB] - values[q.Id][armA]))
            .Where(r => request.Filter switch
            {
                QueryOutcomeFilter.Wins => r.Difference > 0,
                QueryOutcomeFilter.Losses => r.Difference < 0,
                QueryOutcomeFilter.Ties => r.Difference == 0,
                _ => true,
            })
            .ToList();

        // Stable: equal differences keep the dataset's query order.
        IEnumerable<QueryComparisonRow> ordered = request.Order switch
        {
            QueryOrder.DifferenceDescending => rows.OrderByDescending(r => r.Difference),
            QueryOrder.DifferenceAscending => rows.OrderBy(r => r.Difference),
            _ => rows,
        };
        // In long: a far page (10,000,000 × 500) would overflow an int and wrap round to a real page.
        var skip = (long)(request.Page - 1) * request.PageSize;
        List<QueryComparisonRow> items = skip >= rows.Count ? [] : ordered.Skip((int)skip).Take(request.PageSize).ToList();
        return new ResultPage<QueryComparisonRow>(items, request.Page, request.PageSize, rows.Count);

        string ArmNamed(string name, string field) =>
            arms.Any(a => a.Name == name) ? name : throw new ResultsRequestException(field, $"The test has no arm '{name}'; its arms are {string.Join(", ", arms.Select(a => a.Name))}.");
    }
}
