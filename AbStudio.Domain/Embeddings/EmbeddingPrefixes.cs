namespace AbStudio.Domain.Embeddings;

/// <summary>Text put before each query or document before it is embedded (e.g. "query: ").</summary>
public sealed record EmbeddingPrefixes(string Query = "", string Document = "")
{
    public static EmbeddingPrefixes None { get; } = new();

    public bool IsNone => Query.Length == 0 && Document.Length == 0;

    public string For(EmbeddingPurpose purpose) => purpose == EmbeddingPurpose.Query ? Query : Document;
}
