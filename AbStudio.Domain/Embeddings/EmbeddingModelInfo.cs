namespace AbStudio.Domain.Embeddings;

/// <summary>
/// What produced a vector: enough to put in a collection fingerprint and to notice drift.
/// <see cref="Revision"/> changes whenever the weights (or the algorithm, for non-learned providers) change.
/// </summary>
public sealed record EmbeddingModelInfo(string Provider, string ModelId, string Revision, int Dimensions);
