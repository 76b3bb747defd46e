namespace AbStudio.Domain.Runs.Results;

/// <summary>One page of a longer list: the items, where the page is, and how many there are in all.</summary>
public sealed record ResultPage<T>(IReadOnlyList<T> Items, int Page, int PageSize, int Total);
