namespace AbStudio.Domain.Datasets.Import;

/// <summary>A document as read from a file, before it becomes a row.</summary>
internal readonly record struct DocumentRecord(int Line, string Id, string? Title, string Text, string? MetadataJson);

/// <summary>A query (topic) as read from a file.</summary>
internal readonly record struct QueryRecord(int Line, string Id, string Text, string? MetadataJson);

/// <summary>A judgment (qrel) as read from a file; ids are the dataset's own.</summary>
internal readonly record struct JudgmentRecord(int Line, string Split, string QueryId, string DocumentId, int Grade);

/// <summary>A file and how to read its records; the layout decides both.</summary>
internal sealed record RecordFile<T>(InputFile File, Func<InputFile, DatasetImportLimits, ImportErrors, IEnumerable<T>> Read);
