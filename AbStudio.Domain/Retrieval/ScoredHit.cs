namespace AbStudio.Domain.Retrieval;

/// <summary>A candidate by its position in the index (document or chunk) and its score; higher is better.</summary>
public readonly record struct ScoredHit(int Index, float Score);
