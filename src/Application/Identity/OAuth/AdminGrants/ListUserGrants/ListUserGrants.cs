using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Platform.Application.Common.Paging;
using Platform.Application.Common.Security;
using Platform.Domain.Identity;
using Platform.Domain.Identity.OAuth;

namespace Platform.Application.Identity.OAuth.AdminGrants.ListUserGrants;

/// <summary>The clients a user granted access to (their consents), most recently updated first.</summary>
[Authorize(Roles = [SystemRole.Owner, SystemRole.Admin])]
public sealed record ListUserGrantsQuery(int UserId, int Page = 1, int PageSize = Paging.DefaultPageSize) : IRequest<Page<UserGrantDto>>, IPagedQuery;

internal sealed class ListUserGrantsQueryValidator : AbstractValidator<ListUserGrantsQuery>
{
    public ListUserGrantsQueryValidator() => this.AddPagingRules();
}

internal sealed class ListUserGrantsQueryHandler(IOAuthDbContext db, TimeProvider clock) : IRequestHandler<ListUserGrantsQuery, Page<UserGrantDto>>
{
    public async Task<Page<UserGrantDto>> Handle(ListUserGrantsQuery request, CancellationToken cancellationToken)
    {
        await AdminGrantRules.EnsureUserExistsAsync(db, request.UserId, cancellationToken);
        var now = clock.GetUtcNow();
        var page = await (
                from consent in db.OAuthConsents.AsNoTracking()
                join client in db.OAuthClients.AsNoTracking() on consent.ClientId equals client.Id
                where consent.UserId == request.UserId
                orderby consent.UpdatedAt descending, consent.Id descending
                select new
                {
                    client.ClientId, client.ClientName, consent.Scope, consent.GrantedAt, consent.UpdatedAt,
                    Active = db.OAuthRefreshTokens.Count(t => t.UserId == consent.UserId && t.ClientId == client.Id
                        && t.RotatedAt == null && t.RevokedAt == null && t.ExpiresAt > now),
                })
            .ToPageAsync(request, cancellationToken);
        // Explicit (decision 0209): a join with a computed count; the scope text is split into a list.
        var items = page.Items
            .Select(g => new UserGrantDto(g.ClientId, g.ClientName, OAuthScopes.Split(g.Scope), g.GrantedAt, g.UpdatedAt, g.Active))
            .ToList();
        return new Page<UserGrantDto>(items, page.PageNumber, page.PageSize, page.Total);
    }
}
