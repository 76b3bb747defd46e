namespace AbStudio.Domain.Retrieval;

/// <summary>A document in a ranked list with the score that put it there; higher is better.</summary>
public readonly record struct RankedDocument(string DocumentId, double Score);
