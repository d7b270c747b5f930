using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace Platform.Application.Common.Paging;

/// <summary>One page of a list, with the total number of items across all pages.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, int PageNumber, int PageSize, int Total);

/// <summary>A list query that is read one page at a time (page numbers start at 1).</summary>
public interface IPagedQuery
{
    int Page { get; }

    int PageSize { get; }
}

public static class Paging
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;

    /// <summary>Counts the whole query, then reads the requested page of it (the query must be ordered).</summary>
    public static async Task<Page<T>> ToPageAsync<T>(this IQueryable<T> query, IPagedQuery paging, CancellationToken ct)
    {
        var total = await query.CountAsync(ct).ConfigureAwait(false);
        var items = total == 0 || (long)(paging.Page - 1) * paging.PageSize >= total
            ? []
            : await query.Skip((paging.Page - 1) * paging.PageSize).Take(paging.PageSize).ToListAsync(ct).ConfigureAwait(false);
        return new Page<T>(items, paging.Page, paging.PageSize, total);
    }

    /// <summary>The page rules every paged query shares: page ≥ 1, 1 ≤ pageSize ≤ 200.</summary>
    public static void AddPagingRules<T>(this AbstractValidator<T> validator)
        where T : IPagedQuery
    {
        validator.RuleFor(q => q.Page)
            .InclusiveBetween(1, 1_000_000).WithMessage("validation: page must be between 1 and 1000000");
        validator.RuleFor(q => q.PageSize)
            .InclusiveBetween(1, MaxPageSize).WithMessage($"validation: pageSize must be between 1 and {MaxPageSize}");
    }
}
