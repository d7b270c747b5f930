using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Platform.Application.Common.Paging;
using Platform.Application.Common.Security;
using Platform.Domain.Identity;
using Platform.Domain.Identity.OAuth;

namespace Platform.Application.Identity.OAuth.AdminGrants.ListUserRefreshTokenFamilies;

/// <summary>A user's refresh-token families (live ones first, then by last use), across clients.</summary>
[Authorize(Roles = [SystemRole.Owner, SystemRole.Admin])]
public sealed record ListUserRefreshTokenFamiliesQuery(int UserId, int Page = 1, int PageSize = Paging.DefaultPageSize)
    : IRequest<Page<RefreshTokenFamilyDto>>, IPagedQuery;

internal sealed class ListUserRefreshTokenFamiliesQueryValidator : AbstractValidator<ListUserRefreshTokenFamiliesQuery>
{
    public ListUserRefreshTokenFamiliesQueryValidator() => this.AddPagingRules();
}

internal sealed class ListUserRefreshTokenFamiliesQueryHandler(IOAuthDbContext db, TimeProvider clock)
    : IRequestHandler<ListUserRefreshTokenFamiliesQuery, Page<RefreshTokenFamilyDto>>
{
    public async Task<Page<RefreshTokenFamilyDto>> Handle(ListUserRefreshTokenFamiliesQuery request, CancellationToken cancellationToken)
    {
        await AdminGrantRules.EnsureUserExistsAsync(db, request.UserId, cancellationToken);
        var now = clock.GetUtcNow();
        var page = await db.OAuthRefreshTokens.AsNoTracking()
            .Where(t => t.UserId == request.UserId)
            .GroupBy(t => t.FamilyId)
            .Select(g => new
            {
                FamilyId = g.Key,
                ClientId = g.Min(t => t.ClientId),
                Scope = g.Max(t => t.Scope),
                StartedAt = g.Min(t => t.CreatedAt),
                LastIssuedAt = g.Max(t => t.CreatedAt),
                Tokens = g.Count(),
                ActiveTokens = g.Count(t => t.RotatedAt == null && t.RevokedAt == null && t.ExpiresAt > now),
                ExpiresAt = g.Max(t => t.ExpiresAt),
                RevokedAt = g.Max(t => t.RevokedAt),
            })
            .OrderByDescending(f => f.ActiveTokens).ThenByDescending(f => f.LastIssuedAt)
            .ToPageAsync(request, cancellationToken);

        var clientIds = page.Items.Select(f => f.ClientId).Distinct().ToList();
        var clients = await db.OAuthClients.AsNoTracking().Where(c => clientIds.Contains(c.Id))
            .Select(c => new { c.Id, c.ClientId, c.ClientName }).ToDictionaryAsync(c => c.Id, cancellationToken);
        // Explicit (decision 0209): grouped token rows joined with their client; the scope text is split into a list.
        var items = page.Items
            .Select(f => new RefreshTokenFamilyDto(
                f.FamilyId,
                clients.TryGetValue(f.ClientId, out var c) ? c.ClientId : "",
                c?.ClientName,
                OAuthScopes.Split(f.Scope ?? ""),
                f.StartedAt,
                f.LastIssuedAt,
                f.Tokens,
                f.ActiveTokens > 0,
                f.ActiveTokens > 0 ? f.ExpiresAt : null,
                f.RevokedAt))
            .ToList();
        return new Page<RefreshTokenFamilyDto>(items, page.PageNumber, page.PageSize, page.Total);
    }
}
