using System.Globalization;
using System.IO.Compression;
using AbStudio.Domain.Datasets;
using AbStudio.Domain.Datasets.Import;
using AbStudio.Domain.Governance;
using AbStudio.Domain.Lifecycle;
using AbStudio.Domain.Persistence;
using AbStudio.Web.Api;
using AbStudio.Web.Features.Accounts;
using AbStudio.Web.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AbStudio.Web.Features.Datasets;

/// <summary>
/// The dataset use cases behind the console and the API: list, read, upload, share and delete. Every
/// one takes the <see cref="Actor"/>: a dataset outside its teams (and not shared) is answered as missing.
/// </summary>
public sealed class DatasetsService(IDbContextFactory<AbStudioDbContext> contexts, DatasetImporter importer, IOptions<StorageSettings> storage)
{
    /// <summary>Newest first.</summary>
    public async Task<PagedList<DatasetSummary>> ListAsync(Actor actor, PageQuery page, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Datasets.AsNoTracking().VisibleTo(actor.Scope)
            .OrderByDescending(d => d.CreatedAt).ThenByDescending(d => d.Id)
            .Select(d => new DatasetSummary(d.Id, d.Name, d.Format, d.ContentHash, d.DocumentCount, d.QueryCount, d.JudgmentCount, d.CreatedAt)
            {
                TeamId = d.TeamId,
                Shared = d.Shared,
            })
            .ToPagedListAsync(page, cancellationToken);
    }

    /// <summary>The splits that have judgments, for each of <paramref name="ids"/> (a list page's datasets).</summary>
    public async Task<IReadOnlyDictionary<Guid, IReadOnlyList<string>>> SplitsOfAsync(Actor actor, IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var visible = db.Datasets.VisibleTo(actor.Scope).Where(d => ids.Contains(d.Id)).Select(d => d.Id);
        var rows = await db.Judgments.AsNoTracking().Where(j => visible.Contains(j.DatasetId))
            .Select(j => new { j.DatasetId, j.Split }).Distinct().ToListAsync(cancellationToken);
        return rows.GroupBy(r => r.DatasetId)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)[.. g.Select(r => r.Split).Order(StringComparer.Ordinal)]);
    }

    public async Task<DatasetDetail?> GetAsync(Actor actor, Guid id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var dataset = await db.Datasets.AsNoTracking().VisibleTo(actor.Scope).SingleOrDefaultAsync(d => d.Id == id, cancellationToken);
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
            dataset.Source, dataset.CreatedBy, dataset.CreatedAt)
        {
            TeamId = dataset.TeamId,
            Shared = dataset.Shared,
        };
    }

    /// <summary>
    /// Marks a dataset shared (every team sees it and reuses its ready collections) or private again.
    /// Admins only: anyone else who sees it is refused (403), anyone who does not, told it does not exist.
    /// </summary>
    public async Task<Outcome<DatasetDetail>> ShareAsync(Actor actor, Guid id, bool shared, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            if (!await db.Datasets.VisibleTo(actor.Scope).AnyAsync(d => d.Id == id, cancellationToken))
            {
                return Refusal.NotFound($"Dataset {id} does not exist.");
            }

            if (!actor.IsAdmin)
            {
                return Refusal.Forbidden("Only an admin can share a dataset with every team or make it private again.");
            }

            await db.Datasets.Where(d => d.Id == id).ExecuteUpdateAsync(s => s.SetProperty(d => d.Shared, shared), cancellationToken);
        }

        return (await GetAsync(actor, id, cancellationToken))!;
    }

    /// <summary>The corpus in import order; null when there is no such dataset.</summary>
    public Task<PagedList<DocumentItem>?> DocumentsAsync(Actor actor, Guid id, PageQuery page, CancellationToken cancellationToken = default) =>
        PageOfAsync(actor, id, page, db => db.Documents.Where(d => d.DatasetId == id).OrderBy(d => d.Id)
            .Select(d => new DocumentItem(d.Id, d.ExternalId, d.Title, d.Text)), cancellationToken);

    /// <summary>The queries in import order, or only those judged in <paramref name="split"/>; null when there is no such dataset.</summary>
    public Task<PagedList<QueryItem>?> QueriesAsync(Actor actor, Guid id, string? split, PageQuery page, CancellationToken cancellationToken = default) =>
        PageOfAsync(actor, id, page, db => db.Queries
            .Where(q => q.DatasetId == id && (split == null || db.Judgments.Any(j => j.QueryId == q.Id && j.Split == split)))
            .OrderBy(q => q.Id)
            .Select(q => new QueryItem(q.Id, q.ExternalId, q.Text)), cancellationToken);

    /// <summary>The judgments in import order, or only those of <paramref name="split"/>; null when there is no such dataset.</summary>
    public Task<PagedList<JudgmentItem>?> JudgmentsAsync(Actor actor, Guid id, string? split, PageQuery page, CancellationToken cancellationToken = default) =>
        PageOfAsync(actor, id, page, db => db.Judgments
            .Where(j => j.DatasetId == id && (split == null || j.Split == split))
            .OrderBy(j => j.Id)
            .Select(j => new JudgmentItem(j.Id, j.Split, j.Query!.ExternalId, j.Document!.ExternalId, j.Grade)), cancellationToken);

    /// <summary>
    /// Deletes a dataset with its documents, queries and judgments, unless a test still uses it (its
    /// results would lose their queries) or collections were built from it (their vector files are
    /// removed only by deleting the collections).
    /// </summary>
    public async Task<DeletionResult> DeleteAsync(Actor actor, Guid id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var owner = await db.Datasets.VisibleTo(actor.Scope).Where(d => d.Id == id).Select(d => (Guid?)d.TeamId).SingleOrDefaultAsync(cancellationToken);
        if (owner is null)
        {
            return DeletionResult.NotFound;
        }

        // A shared dataset is seen by every team but deleted only by its own (or an admin).
        if (!actor.CanWrite || !actor.Scope.Sees(owner.Value))
        {
            return actor.CanWrite ? new DeletionResult(DeletionOutcome.Forbidden, "The dataset is shared with your team, not owned by it: only its own team or an admin can delete it.") : DeletionResult.Forbidden;
        }

        // Other teams' tests on a shared dataset are counted, not named.
        var tests = await db.Tests.Where(t => t.DatasetId == id).OrderBy(t => t.CreatedAt)
            .Select(t => new { t.Name, t.TeamId }).ToListAsync(cancellationToken);
        if (tests.Count > 0)
        {
            var named = tests.Where(t => actor.Scope.Sees(t.TeamId)).Select(t => $"'{t.Name}'").Take(5).ToList();
            return DeletionResult.InUse(
                $"{tests.Count} test(s) use this dataset{(named.Count > 0 ? $" ({string.Join(", ", named)})" : "")}; delete them first.");
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
    public async Task<Outcome<DatasetDetail>> ImportAsync(Actor actor, DatasetUpload upload, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(upload);
        if (!actor.CanWrite)
        {
            return Refusal.Forbidden("Uploading a dataset needs the Engineer or Admin role (and a token that may write).");
        }

        TeamChoice team;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            team = await ActorTeams.ChooseAsync(db, actor, upload.Team, cancellationToken);
        }

        if (team.TeamId is not { } teamId)
        {
            throw new DatasetUploadException(team.Problem!) { Field = TeamChoice.Field };
        }

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
            var result = await importer.ImportAsync(new DatasetImportRequest(path, upload.Format, name, upload.Split) { CreatedBy = upload.CreatedBy, TeamId = teamId }, cancellationToken);

            // The importer recorded the temporary path; the user knows the upload by its file names.
            var source = "upload: " + string.Join(", ", upload.Files.Select(f => f.Name));
            await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
            {
                await db.Datasets.Where(d => d.Id == result.DatasetId)
                    .ExecuteUpdateAsync(s => s.SetProperty(d => d.Source, source.Length > 1000 ? source[..999] + "…" : source), cancellationToken);
            }

            return (await GetAsync(Actor.Host, result.DatasetId, cancellationToken))!;
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
        Actor actor, Guid id, PageQuery page, Func<AbStudioDbContext, IQueryable<T>> query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (!await db.Datasets.VisibleTo(actor.Scope).AnyAsync(d => d.Id == id, cancellationToken))
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
