using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Platform.Application.Common.Paging;
using Platform.Application.Common.Security;
using Platform.Domain.Identity;
using Platform.Domain.Identity.OAuth;

namespace Platform.Application.Identity.OAuth.AdminGrants.ListUserGrants;

/// <summary>
/// The clients a user granted access to (their consents, one per client and protected resource,
/// decision 0106), most recently updated first; each names its resource and counts the live refresh
/// tokens issued for that resource.
/// </summary>
[Authorize(Roles = [SystemRole.Owner, SystemRole.Admin])]
public sealed record ListUserGrantsQuery(int UserId, int Page = 1, int PageSize = Paging.DefaultPageSize) : IRequest<Page<UserGrantDto>>, IPagedQuery;

internal sealed class ListUserGrantsQueryValidator : AbstractValidator<ListUserGrantsQuery>
{
    public ListUserGrantsQueryValidator() => this.AddPagingRules();
}

internal sealed class ListUserGrantsQueryHandler(IOAuthDbContext db, IOAuthServerSettings settings, TimeProvider clock) : IRequestHandler<ListUserGrantsQuery, Page<UserGrantDto>>
{
    public async Task<Page<UserGrantDto>> Handle(ListUserGrantsQuery request, CancellationToken cancellationToken)
    {
        await AdminGrantRules.EnsureUserExistsAsync(db, request.UserId, cancellationToken);
        var now = clock.GetUtcNow();
        var defaultResource = settings.Resource;
        var page = await (
                from consent in db.OAuthConsents.AsNoTracking()
                join client in db.OAuthClients.AsNoTracking() on consent.ClientId equals client.Id
                where consent.UserId == request.UserId
                orderby consent.UpdatedAt descending, consent.Id descending
                select new
                {
                    client.ClientId, client.ClientName, consent.Resource, consent.Scope, consent.GrantedAt, consent.UpdatedAt,
                    Active = db.OAuthRefreshTokens.Count(t => t.UserId == consent.UserId && t.ClientId == client.Id
                        && t.RotatedAt == null && t.RevokedAt == null && t.ExpiresAt > now
                        && (consent.Resource == OAuthConsent.DefaultResource
                            ? t.Resource == null || t.Resource == defaultResource
                            : t.Resource == consent.Resource)),
                })
            .ToPageAsync(request, cancellationToken);
        // Explicit (decision 0209): a join with a computed count; the scope text is split into a list,
        // the stored resource key ('' = the default resource) becomes the resource's URI.
        var items = page.Items
            .Select(g =>
            {
                var resource = g.Resource == OAuthConsent.DefaultResource ? defaultResource : g.Resource;
                return new UserGrantDto(g.ClientId, g.ClientName, resource, OAuthScopes.DescribeResource(resource == settings.BoardsResource),
                    OAuthScopes.Split(g.Scope), g.GrantedAt, g.UpdatedAt, g.Active);
            })
            .ToList();
        return new Page<UserGrantDto>(items, page.PageNumber, page.PageSize, page.Total);
    }
}
