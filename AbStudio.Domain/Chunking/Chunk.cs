namespace AbStudio.Domain.Chunking;

/// <summary>A passage of one document: <see cref="Text"/> is <c>document[Start..(Start + Length)]</c>.</summary>
public sealed record Chunk(string DocumentId, int Ordinal, int Start, int Length, string Text);
