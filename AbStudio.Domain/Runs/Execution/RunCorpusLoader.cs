using AbStudio.Domain.Datasets;
using AbStudio.Domain.Evaluation;
using AbStudio.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AbStudio.Domain.Runs.Execution;

/// <summary>Reads an imported dataset's documents, and the queries judged in one split with their judgments.</summary>
public sealed class RunCorpusLoader(IDbContextFactory<AbStudioDbContext> contexts)
{
    public async Task<RunCorpus> LoadAsync(Guid datasetId, string split, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var dataset = await db.Datasets.AsNoTracking().SingleOrDefaultAsync(d => d.Id == datasetId, cancellationToken)
            ?? throw new InvalidOperationException($"Dataset {datasetId} does not exist.");

        var documents = await db.Documents.AsNoTracking().Where(d => d.DatasetId == datasetId)
            .OrderBy(d => d.Id)
            .Select(d => new { d.Id, d.ExternalId, d.Title, d.Text })
            .ToListAsync(cancellationToken);
        var judgments = await db.Judgments.AsNoTracking().Where(j => j.DatasetId == datasetId && j.Split == split)
            .Select(j => new { Query = j.Query!.ExternalId, QueryText = j.Query.Text, QueryKey = j.QueryId, Document = j.Document!.ExternalId, j.Grade })
            .ToListAsync(cancellationToken);

        var queries = judgments
            .GroupBy(j => (j.QueryKey, j.Query, j.QueryText))
            .OrderBy(g => g.Key.QueryKey)
            .Select(g => new RunQuery(g.Key.Query, g.Key.QueryText))
            .ToList();
        var grades = judgments
            .GroupBy(j => j.Query, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => new QueryJudgments(g.ToDictionary(j => j.Document, j => j.Grade, StringComparer.Ordinal)), StringComparer.Ordinal);

        return new RunCorpus(
            dataset.ContentHash,
            [.. documents.Select(d => d.ExternalId)],
            [.. documents.Select(d => Document.SearchableText(d.Title, d.Text))],
            queries,
            grades);
    }
}
