using System.Text.Json;
using AbStudio.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AbStudio.Domain.Runs.Results;

/// <summary>A document in an arm's answer: its rank, score, title, and the judged grade (null: nobody judged it).</summary>
public sealed record RankedResult(int Rank, string DocumentId, string? Title, double Score, int? Grade);

/// <summary>One arm's answer to the query, its metric values and stage latencies.</summary>
public sealed record ArmAnswer(string Arm, IReadOnlyList<RankedResult> Ranking, IReadOnlyDictionary<string, double> Metrics, double TotalMs, double EmbedMs, double SearchMs, double FusionMs, double RerankMs);

/// <summary>A document judged for the query, with its grade (0: judged not relevant).</summary>
public sealed record JudgedDocument(string DocumentId, string? Title, int Grade);

/// <summary>Everything about one query in one run: each arm's ranked list side by side, and the judgments.</summary>
public sealed record QueryDetail(string QueryId, string Text, IReadOnlyList<ArmAnswer> Arms, IReadOnlyList<JudgedDocument> Judged);

/// <summary>
/// The drill-down into one query of a run: every arm's ranked list (up to <c>depth</c>) with judged
/// relevance marked and unjudged documents flagged (grade null), and the query's judgments.
/// </summary>
public sealed class QueryDrillDown(IDbContextFactory<AbStudioDbContext> contexts)
{
    public async Task<QueryDetail> ReadAsync(Guid runId, string queryId, int depth = 20, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(depth, 1);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var run = await db.Runs.AsNoTracking().Where(r => r.Id == runId).Select(r => new { r.TestId, r.Test!.DatasetId, r.Test.Split })
            .SingleOrDefaultAsync(cancellationToken) ?? throw new ResultsRequestException("runId", $"Run {runId} does not exist.");
        var query = await db.Queries.AsNoTracking().Where(q => q.DatasetId == run.DatasetId && q.ExternalId == queryId)
            .Select(q => new { q.Id, q.ExternalId, q.Text }).SingleOrDefaultAsync(cancellationToken)
            ?? throw new ResultsRequestException("queryId", $"The run's dataset has no query '{queryId}'.");
        var judged = await db.Judgments.AsNoTracking().Where(j => j.QueryId == query.Id && j.Split == run.Split)
            .Select(j => new { j.Document!.ExternalId, j.Document.Title, j.Grade }).ToListAsync(cancellationToken);
        var grades = judged.ToDictionary(j => j.ExternalId, j => j.Grade, StringComparer.Ordinal);

        var rows = await db.QueryResults.AsNoTracking().Where(r => r.RunId == runId && r.QueryId == query.Id)
            .OrderBy(r => r.Arm!.Ordinal)
            .Select(r => new { r.Arm!.Name, r.RankingJson, r.MetricsJson, r.TotalMs, r.EmbedMs, r.SearchMs, r.FusionMs, r.RerankMs })
            .ToListAsync(cancellationToken);
        var rankings = rows.Select(r => QueryResultJson.ReadRanking(r.RankingJson).Take(depth).ToArray()).ToList();
        var shown = rankings.SelectMany(r => r.Select(d => d.DocumentId)).Distinct(StringComparer.Ordinal).ToList();
        var titles = await db.Documents.AsNoTracking().Where(d => d.DatasetId == run.DatasetId && shown.Contains(d.ExternalId))
            .Select(d => new { d.ExternalId, d.Title }).ToDictionaryAsync(d => d.ExternalId, d => d.Title, StringComparer.Ordinal, cancellationToken);

        var arms = rows.Select((row, i) => new ArmAnswer(
            row.Name,
            [.. rankings[i].Select((d, rank) => new RankedResult(rank + 1, d.DocumentId, titles.GetValueOrDefault(d.DocumentId), d.Score, grades.TryGetValue(d.DocumentId, out var grade) ? grade : null))],
            JsonSerializer.Deserialize<Dictionary<string, double>>(row.MetricsJson)!,
            row.TotalMs, row.EmbedMs, row.SearchMs, row.FusionMs, row.RerankMs)).ToList();
        return new QueryDetail(query.ExternalId, query.Text, arms,
            [.. judged.OrderByDescending(j => j.Grade).ThenBy(j => j.ExternalId, StringComparer.Ordinal).Select(j => new JudgedDocument(j.ExternalId, j.Title, j.Grade))]);
    }
}
