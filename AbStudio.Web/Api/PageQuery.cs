using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace AbStudio.Web.Api;

/// <summary>
/// Which page of a list to return: <c>page</c> is 1-based (default 1), <c>pageSize</c> defaults to
/// <see cref="DefaultSize"/> and may not exceed <see cref="MaxSize"/>. Out-of-range values are
/// refused, never clamped: a script that asks for 1,000 rows and silently gets 500 would miss data.
/// </summary>
public sealed record PageQuery
{
    public const int DefaultSize = 50;
    public const int MaxSize = 500;

    /// <summary>The page to return, from 1.</summary>
    [FromQuery(Name = "page")]
    public int? Page { get; init; }

    /// <summary>Items per page, from 1 to 500.</summary>
    [FromQuery(Name = "pageSize")]
    public int? PageSize { get; init; }

    public int PageNumber => Page ?? 1;

    public int Size => PageSize ?? DefaultSize;

    public static PageQuery First(int size = DefaultSize) => new() { Page = 1, PageSize = size };

    /// <summary>The problems with the request, by query parameter name; empty when it is valid.</summary>
    public Dictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (PageNumber < 1)
        {
            errors["page"] = [$"page is {PageNumber.ToString(CultureInfo.InvariantCulture)}; it must be 1 or more (pages are numbered from 1)."];
        }

        if (Size is < 1 or > MaxSize)
        {
            errors["pageSize"] = [$"pageSize is {Size.ToString(CultureInfo.InvariantCulture)}; it must be between 1 and {MaxSize} (default {DefaultSize})."];
        }

        return errors;
    }
}

/// <summary>One page of a list and where it sits: <see cref="Total"/> counts every item across all pages.</summary>
public sealed record PagedList<T>(IReadOnlyList<T> Items, int Page, int PageSize, int Total);

public static class PagedQueries
{
    /// <summary>
    /// Counts the filtered rows and reads one page of them. The caller orders the query and ends the
    /// ordering with a unique key, so pages neither repeat nor skip rows between requests.
    /// </summary>
    public static async Task<PagedList<T>> ToPagedListAsync<T>(this IQueryable<T> ordered, PageQuery page, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(page);
        var total = await ordered.CountAsync(cancellationToken);

        // Computed in long: page 10,000,000 of 500 would overflow an int and wrap to a real page.
        var skip = (long)(page.PageNumber - 1) * page.Size;
        var items = skip >= total
            ? []
            : await ordered.Skip((int)skip).Take(page.Size).ToListAsync(cancellationToken);
        return new PagedList<T>(items, page.PageNumber, page.Size, total);
    }
}
