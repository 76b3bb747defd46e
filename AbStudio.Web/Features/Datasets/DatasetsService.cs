using System.Globalization;
using System.IO.Compression;
using AbStudio.Domain.Datasets;
using AbStudio.Domain.Datasets.Import;
using AbStudio.Domain.Persistence;
using AbStudio.Web.Api;
using AbStudio.Web.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AbStudio.Web.Features.Datasets;

/// <summary>The dataset use cases behind the console and the API: list, read, upload and delete.</summary>
public sealed class DatasetsService(IDbContextFactory<AbStudioDbContext> contexts, DatasetImporter importer, IOptions<StorageSettings> storage)
{
    /// <summary>Newest first.</summary>
    public async Task<PagedList<DatasetSummary>> ListAsync(PageQuery page, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Datasets.AsNoTracking()
            .OrderByDescending(d => d.CreatedAt).ThenByDescending(d => d.Id)
            .Select(d => new DatasetSummary(d.Id, d.Name, d.Format, d.ContentHash, d.DocumentCount, d.QueryCount, d.JudgmentCount, d.CreatedAt))
            .ToPagedListAsync(page, cancellationToken);
    }

    /// <summary>The splits that have judgments, for each of <paramref name="ids"/> (a list page's datasets).</summary>
    public async Task<IReadOnlyDictionary<Guid, IReadOnlyList<string>>> SplitsOfAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.Judgments.AsNoTracking().Where(j => ids.Contains(j.DatasetId))
            .Select(j => new { j.DatasetId, j.Split }).Distinct().ToListAsync(cancellationToken);
        return rows.GroupBy(r => r.DatasetId)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)[.. g.Select(r => r.Split).Order(StringComparer.Ordinal)]);
    }

    public async Task<DatasetDetail?> GetAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var dataset = await db.Datasets.AsNoTracking().SingleOrDefaultAsync(d => d.Id == id, cancellationToken);
        if (dataset is null)
        {
            return null;
        }

        var splits = await db.Judgments.Where(j => j.DatasetId == id)
            .GroupBy(j => j.Split)
            .Select(g => new { Name = g.Key, Queries = g.Select(j => j.QueryId).Distinct().Count(), Judgments = g.Count() })
            .OrderBy(s => s.Name)
            .ToListAsync(cancellationToken);
        return new DatasetDetail(
            dataset.Id, dataset.Name, dataset.Description, dataset.Format, dataset.ContentHash,
            dataset.DocumentCount, dataset.QueryCount, dataset.JudgmentCount,
            splits.Select(s => new DatasetSplit(s.Name, s.Queries, s.Judgments)).ToList(),
            dataset.Source, dataset.CreatedBy, dataset.CreatedAt);
    }

    /// <summary>The corpus in import order; null when there is no such dataset.</summary>
    public Task<PagedList<DocumentItem>?> DocumentsAsync(Guid id, PageQuery page, CancellationToken cancellationToken = default) =>
        PageOfAsync(id, page, db => db.Documents.Where(d => d.DatasetId == id).OrderBy(d => d.Id)
            .Select(d => new DocumentItem(d.Id, d.ExternalId, d.Title, d.Text)), cancellationToken);

    /// <summary>The queries in import order, or only those judged in <paramref name="split"/>; null when there is no such dataset.</summary>
    public Task<PagedList<QueryItem>?> QueriesAsync(Guid id, string? split, PageQuery page, CancellationToken cancellationToken = default) =>
        PageOfAsync(id, page, db => db.Queries
            .Where(q => q.DatasetId == id && (split == null || db.Judgments.Any(j => j.QueryId == q.Id && j.Split == split)))
            .OrderBy(q => q.Id)
            .Select(q => new QueryItem(q.Id, q.ExternalId, q.Text)), cancellationToken);

    /// <summary>The judgments in import order, or only those of <paramref name="split"/>; null when there is no such dataset.</summary>
    public Task<PagedList<JudgmentItem>?> JudgmentsAsync(Guid id, string? split, PageQuery page, CancellationToken cancellationToken = default) =>
        PageOfAsync(id, page, db => db.Judgments
            .Where(j => j.DatasetId == id && (split == null || j.Split == split))
            .OrderBy(j => j.Id)
            .Select(j => new JudgmentItem(j.Id, j.Split, j.Query!.ExternalId, j.Document!.ExternalId, j.Grade)), cancellationToken);

    /// <summary>
    /// Deletes a dataset with its documents, queries and judgments, unless a test still uses it (its
    /// results would lose their queries) or collections were built from it (their vector files are
    /// removed only by deleting the collections).
    /// </summary>
    public async Task<DeletionResult> DeleteAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (!await db.Datasets.AnyAsync(d => d.Id == id, cancellationToken))
        {
            return DeletionResult.NotFound;
        }

        var tests = await db.Tests.Where(t => t.DatasetId == id).OrderBy(t => t.CreatedAt).Select(t => t.Name).ToListAsync(cancellationToken);
        if (tests.Count > 0)
        {
            return DeletionResult.InUse(
                $"{tests.Count} test(s) use this dataset ({string.Join(", ", tests.Take(5).Select(n => $"'{n}'"))}); delete them first.");
        }

        var collections = await db.Collections.CountAsync(c => c.DatasetId == id, cancellationToken);
        if (collections > 0)
        {
            return DeletionResult.InUse(
                $"{collections} collection(s) were built from this dataset; delete them first (DELETE /api/v1/collections/{{id}}).");
        }

        try
        {
            // Documents, queries and judgments go with it through the foreign keys' ON DELETE CASCADE.
            return await db.Datasets.Where(d => d.Id == id).ExecuteDeleteAsync(cancellationToken) == 0
                ? DeletionResult.NotFound
                : DeletionResult.Deleted;
        }
        catch (System.Data.Common.DbException)
        {
            // A test or collection that referred to it arrived after the checks (the foreign keys restrict).
            return DeletionResult.InUse("A test or collection started using this dataset while it was being deleted.");
        }
    }

    /// <summary>
    /// Imports an upload all or nothing: the files go to a temporary folder under the data directory,
    /// the importer reads them (a .zip in place, entry by entry, so it is never expanded on disk), and
    /// the folder is removed whatever happens. Throws <see cref="DatasetUploadException"/> for an
    /// upload that is not a dataset at all and <see cref="DatasetImportException"/> for one that has
    /// errors (each with file and line).
    /// </summary>
    public async Task<DatasetDetail> ImportAsync(DatasetUpload upload, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(upload);
        if (upload.Files.Count == 0)
        {
            throw new DatasetUploadException("No files: send one .zip of the dataset, or its files (e.g. corpus.jsonl, queries.jsonl, qrels/test.tsv).");
        }

        var isZip = upload.Files[0].Name.EndsWith(".zip", StringComparison.OrdinalIgnoreCase);
        if (upload.Files.Count > 1 && upload.Files.Any(f => f.Name.EndsWith(".zip", StringComparison.OrdinalIgnoreCase)))
        {
            throw new DatasetUploadException("Send either one .zip or the dataset's files, not a .zip among other files.");
        }

        var folder = Path.Combine(storage.Value.ResolveDataDirectory(), "uploads", Guid.NewGuid().ToString("N"));
        try
        {
            string path;
            if (isZip)
            {
                // The zip keeps its own name: the importer names the dataset after it by default.
                path = Path.Combine(folder, Path.GetFileName(UploadPaths.Check(upload.Files[0].Name)));
                await SaveAsync(upload.Files[0], path, cancellationToken);
                UploadPaths.CheckZip(path);
            }
            else
            {
                path = Path.Combine(folder, "dataset");
                foreach (var file in upload.Files)
                {
                    await SaveAsync(file, Path.Combine(path, UploadPaths.Check(file.Name)), cancellationToken);
                }
            }

            var name = upload.Name is { Length: > 0 } given ? given
                : isZip ? null
                : $"Uploaded {DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC";
            var result = await importer.ImportAsync(new DatasetImportRequest(path, upload.Format, name, upload.Split) { CreatedBy = upload.CreatedBy }, cancellationToken);

            // The importer recorded the temporary path; the user knows the upload by its file names.
            var source = "upload: " + string.Join(", ", upload.Files.Select(f => f.Name));
            await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
            {
                await db.Datasets.Where(d => d.Id == result.DatasetId)
                    .ExecuteUpdateAsync(s => s.SetProperty(d => d.Source, source.Length > 1000 ? source[..999] + "…" : source), cancellationToken);
            }

            return (await GetAsync(result.DatasetId, cancellationToken))!;
        }
        finally
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    private async Task<PagedList<T>?> PageOfAsync<T>(
        Guid id, PageQuery page, Func<AbStudioDbContext, IQueryable<T>> query, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (!await db.Datasets.AnyAsync(d => d.Id == id, cancellationToken))
        {
            return null;
        }

        return await query(db).ToPagedListAsync(page, cancellationToken);
    }

    private static async Task SaveAsync(UploadedFile file, string path, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await using var source = file.OpenRead();
        await using var target = File.Create(path);
        await source.CopyToAsync(target, cancellationToken);
    }
}
