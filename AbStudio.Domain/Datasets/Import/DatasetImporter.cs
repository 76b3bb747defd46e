using System.Globalization;
using System.Runtime.InteropServices;
using AbStudio.Domain.Persistence;
using AbStudio.Domain.Persistence.Configurations;
using Microsoft.EntityFrameworkCore;

namespace AbStudio.Domain.Datasets.Import;

/// <summary>
/// Imports a dataset (BEIR, TREC, JSONL or CSV; folder or .zip) all or nothing: the rows are written
/// in one transaction while the files stream through, and any problem found rolls it back and
/// surfaces as one <see cref="DatasetImportException"/> listing every problem up to the cap.
/// Memory holds one batch of records plus the ids (and their 32-byte content digests), never the corpus.
/// </summary>
public sealed class DatasetImporter(IDbContextFactory<AbStudioDbContext> contexts, DatasetImportLimits limits)
{
    private const int BatchRecords = 1000;

    // Also bounded by characters: a batch of long documents must not grow without limit.
    private const int BatchChars = 8_000_000;

    public async Task<DatasetImportResult> ImportAsync(DatasetImportRequest request, CancellationToken cancellationToken = default)
    {
        await using var writer = new DatabaseDatasetWriter(contexts);
        return await RunAsync(request, writer, cancellationToken);
    }

    /// <summary>Reads, checks and hashes without writing: the demo seeder uses it to learn the content hash.</summary>
    public async Task<DatasetImportResult> ValidateAsync(DatasetImportRequest request, CancellationToken cancellationToken = default)
    {
        await using var writer = new NoDatasetWriter();
        return await RunAsync(request, writer, cancellationToken);
    }

    private async Task<DatasetImportResult> RunAsync(DatasetImportRequest request, IDatasetWriter writer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new ImportErrors(limits.MaxErrors);
        using var folder = DatasetFolder.Open(request.Path);
        var files = DatasetLayout.Resolve(folder, request.Format, request.Split, errors);
        errors.ThrowIfAny();

        var dataset = new Dataset
        {
            Name = string.IsNullOrWhiteSpace(request.Name) ? folder.Name : request.Name,
            Format = files!.Format,
            Source = request.Path,
            CreatedBy = request.CreatedBy,
            TeamId = request.TeamId,
            ContentHash = new string('0', 64), // set once every record is read
        };
        var run = new ImportRun(dataset.Id, writer, limits, errors, cancellationToken);
        await writer.BeginAsync(dataset, cancellationToken);
        await run.ReadDocumentsAsync(files.Documents);
        await run.ReadQueriesAsync(files.Queries);
        foreach (var judgments in files.Judgments)
        {
            await run.ReadJudgmentsAsync(judgments, files.Documents.File.Name, files.Queries.File.Name);
        }

        errors.ThrowIfAny();
        dataset.ContentHash = run.Hash.Compute();
        dataset.DocumentCount = run.DocumentCount;
        dataset.QueryCount = run.QueryCount;
        dataset.JudgmentCount = run.JudgmentCount;
        await writer.CompleteAsync(dataset, cancellationToken);
        return new DatasetImportResult(dataset.Id, dataset.Name, dataset.Format, dataset.DocumentCount, dataset.QueryCount, dataset.JudgmentCount, dataset.ContentHash);
    }

    /// <summary>The state of one import: ids seen (with their line and row id), the hash, the current batch.</summary>
    private sealed class ImportRun(Guid datasetId, IDatasetWriter writer, DatasetImportLimits limits, ImportErrors errors, CancellationToken cancellationToken)
    {
        private readonly Dictionary<string, Seen> _documents = new(StringComparer.Ordinal);
        private readonly Dictionary<string, Seen> _queries = new(StringComparer.Ordinal);
        private readonly Dictionary<(string Split, string Query, string Document), int> _judgments = [];

        public DatasetContentHash Hash { get; } = new();

        public int DocumentCount => _documents.Count;

        public int QueryCount => _queries.Count;

        public int JudgmentCount => _judgments.Count;

        public async Task ReadDocumentsAsync(RecordFile<DocumentRecord> file)
        {
            var batch = new Batch<Document>();
            foreach (var record in file.Read(file.File, limits, errors))
            {
                if (_documents.Count >= limits.MaxDocuments)
                {
                    errors.Add(file.File.Name, record.Line, "size",
                        $"more than {limits.MaxDocuments.ToString("N0", CultureInfo.InvariantCulture)} documents " +
                        $"(limit {DatasetImportLimits.Section}:{nameof(DatasetImportLimits.MaxDocuments)}): import a subset or raise the limit");
                    break;
                }

                var characters = record.Text.Length + (record.Title?.Length ?? 0);
                if (characters > limits.MaxDocumentChars)
                {
                    errors.Add(file.File.Name, record.Line, "text",
                        $"the document has {characters.ToString("N0", CultureInfo.InvariantCulture)} characters, more than " +
                        $"{limits.MaxDocumentChars.ToString("N0", CultureInfo.InvariantCulture)} " +
                        $"(limit {DatasetImportLimits.Section}:{nameof(DatasetImportLimits.MaxDocumentChars)}): chunk it before import or raise the limit");
                    continue;
                }

                if (record.Title?.Length > Document.MaxTitleLength)
                {
                    errors.Add(file.File.Name, record.Line, "title",
                        $"the title has {record.Title.Length.ToString("N0", CultureInfo.InvariantCulture)} characters, more than {Document.MaxTitleLength}: move the rest into the text");
                    continue;
                }

                if (!IsNew(_documents, record.Id, record.Line, file.File.Name, "document"))
                {
                    continue;
                }

                var title = record.Title is null ? null : LineEndings.Normalize(record.Title);
                var text = LineEndings.Normalize(record.Text);
                Hash.AddDocument(record.Id, title, text);
                batch.Add(new Document { DatasetId = datasetId, ExternalId = record.Id, Title = title, Text = text, MetadataJson = record.MetadataJson }, characters);
                if (batch.IsFull)
                {
                    await FlushAsync(batch, _documents, d => d.ExternalId, d => d.Id);
                }
            }

            await FlushAsync(batch, _documents, d => d.ExternalId, d => d.Id);
            if (_documents.Count == 0 && !errors.HasErrorsIn(file.File.Name))
            {
                errors.Add(file.File.Name, 0, "file", "the corpus has no documents: a dataset needs at least one");
            }
        }

        public async Task ReadQueriesAsync(RecordFile<QueryRecord> file)
        {
            var batch = new Batch<Query>();
            foreach (var record in file.Read(file.File, limits, errors))
            {
                if (!IsNew(_queries, record.Id, record.Line, file.File.Name, "query"))
                {
                    continue;
                }

                var text = LineEndings.Normalize(record.Text);
                Hash.AddQuery(record.Id, text);
                batch.Add(new Query { DatasetId = datasetId, ExternalId = record.Id, Text = text, MetadataJson = record.MetadataJson }, text.Length);
                if (batch.IsFull)
                {
                    await FlushAsync(batch, _queries, q => q.ExternalId, q => q.Id);
                }
            }

            await FlushAsync(batch, _queries, q => q.ExternalId, q => q.Id);
            if (_queries.Count == 0 && !errors.HasErrorsIn(file.File.Name))
            {
                errors.Add(file.File.Name, 0, "file", "there are no queries: a dataset needs at least one");
            }
        }

        public async Task ReadJudgmentsAsync(RecordFile<JudgmentRecord> file, string documentsFile, string queriesFile)
        {
            var unknownQueries = new UnknownIds();
            var unknownDocuments = new UnknownIds();
            var batch = new Batch<Judgment>();
            foreach (var record in file.Read(file.File, limits, errors))
            {
                var query = Find(_queries, record.QueryId, record.Line, unknownQueries);
                var document = Find(_documents, record.DocumentId, record.Line, unknownDocuments);
                if (query is null || document is null)
                {
                    continue;
                }

                if (record.Split.Length > Judgment.MaxSplitLength)
                {
                    errors.Add(file.File.Name, record.Line, "split", $"the split name is longer than {Judgment.MaxSplitLength} characters");
                    continue;
                }

                var key = (record.Split, record.QueryId, record.DocumentId);
                if (_judgments.TryGetValue(key, out var firstLine))
                {
                    errors.Add(file.File.Name, record.Line, "judgment",
                        $"duplicate judgment of document '{record.DocumentId}' for query '{record.QueryId}' in split '{record.Split}' " +
                        $"(first on line {firstLine}): keep one grade per query and document");
                    continue;
                }

                _judgments.Add(key, record.Line);
                Hash.AddJudgment(record.Split, record.QueryId, record.DocumentId, record.Grade);
                batch.Add(new Judgment { DatasetId = datasetId, Split = record.Split, QueryId = query.Value, DocumentId = document.Value, Grade = record.Grade }, 0);
                if (batch.IsFull)
                {
                    await FlushAsync(batch);
                }
            }

            await FlushAsync(batch);
            if (!errors.HasErrorsIn(queriesFile))
            {
                unknownQueries.Report(errors, file.File.Name, "query-id", "queries", queriesFile);
            }

            if (!errors.HasErrorsIn(documentsFile))
            {
                unknownDocuments.Report(errors, file.File.Name, "corpus-id", "documents", documentsFile);
            }
        }

        private bool IsNew(Dictionary<string, Seen> seen, string id, int line, string file, string what)
        {
            if (id.Length > ExternalIdLength.Max)
            {
                errors.Add(file, line, "_id", $"the {what} id has {id.Length} characters, more than {ExternalIdLength.Max}: use shorter ids");
                return false;
            }

            ref var entry = ref CollectionsMarshal.GetValueRefOrAddDefault(seen, id, out var exists);
            if (exists)
            {
                errors.Add(file, line, "_id", $"duplicate {what} id '{id}' (first on line {entry.Line}): ids must be unique");
                return false;
            }

            entry = new Seen(line, 0);
            return true;
        }

        private static long? Find(Dictionary<string, Seen> seen, string id, int line, UnknownIds unknown)
        {
            if (seen.TryGetValue(id, out var entry))
            {
                return entry.RowId;
            }

            unknown.Add(id, line);
            return null;
        }

        /// <summary>Writes a batch unless an error already doomed the import (then it is only validated).</summary>
        private async Task FlushAsync<T>(Batch<T> batch, Dictionary<string, Seen>? seen = null, Func<T, string>? id = null, Func<T, long>? rowId = null)
            where T : class
        {
            if (batch.Items.Count > 0 && errors.Count == 0)
            {
                await writer.WriteAsync(batch.Items, cancellationToken);
                if (seen is not null)
                {
                    foreach (var item in batch.Items)
                    {
                        CollectionsMarshal.GetValueRefOrNullRef(seen, id!(item)).RowId = rowId!(item);
                    }
                }
            }

            batch.Clear();
        }
    }

    /// <summary>Where an id was first seen and, once written, its row.</summary>
    private record struct Seen(int Line, long RowId);

    private sealed class Batch<T>
    {
        private long _chars;

        public List<T> Items { get; } = new(BatchRecords);

        public bool IsFull => Items.Count >= BatchRecords || _chars >= BatchChars;

        public void Add(T item, int chars)
        {
            Items.Add(item);
            _chars += chars;
        }

        public void Clear()
        {
            Items.Clear();
            _chars = 0;
        }
    }

    /// <summary>Judgments naming ids that do not exist: counted, and the first few shown with their lines.</summary>
    private sealed class UnknownIds
    {
        private const int Shown = 5;
        private readonly List<(string Id, int Line)> _first = [];
        private int _count;

        public void Add(string id, int line)
        {
            _count++;
            if (_first.Count < Shown)
            {
                _first.Add((id, line));
            }
        }

        public void Report(ImportErrors errors, string file, string field, string what, string source)
        {
            if (_count == 0)
            {
                return;
            }

            var examples = string.Join(", ", _first.Select(u => $"'{u.Id}' (line {u.Line})"));
            var more = _count > _first.Count ? $" and {_count - _first.Count} more" : "";
            errors.Add(file, _first[0].Line, field,
                $"{_count} judgment(s) name {what} that are not in {source}: {examples}{more}; fix the ids or add the missing {what}");
        }
    }
}
