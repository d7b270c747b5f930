using System.Linq.Expressions;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Platform.Application.Common.Auditing;
using Platform.Application.Common.Paging;
using Platform.Application.Common.Security;
using Platform.Domain.Common;
using Platform.Domain.Identity;
using Platform.Domain.Identity.OAuth;

namespace Platform.Application.Identity.OAuth.AdminClients;

/// <summary>A registered OAuth client as an admin sees it (never its secret), with how many users granted it access.</summary>
public sealed record AdminOAuthClientDto(
    string ClientId,
    string? ClientName,
    string TokenEndpointAuthMethod,
    IReadOnlyList<string> RedirectUris,
    IReadOnlyList<string> GrantTypes,
    string? Scope,
    string? ClientUri,
    string? SoftwareId,
    string? SoftwareVersion,
    string? ApplicationType,
    DateTimeOffset CreatedAt,
    int Consents,
    int ActiveRefreshTokens)
{
    /// <summary>Active refresh tokens = live refresh-token families (each family has one unspent token).</summary>
    // Explicit (decision 0209): the counts are correlated subqueries over other tables, not members of the entity.
    internal static Expression<Func<OAuthClient, AdminOAuthClientDto>> Projection(IOAuthDbContext db, DateTimeOffset now) => c =>
        new AdminOAuthClientDto(
            c.ClientId, c.ClientName, c.TokenEndpointAuthMethod, c.RedirectUris, c.GrantTypes, c.Scope, c.ClientUri,
            c.SoftwareId, c.SoftwareVersion, c.ApplicationType, c.CreatedAt,
            db.OAuthConsents.Count(x => x.ClientId == c.Id),
            db.OAuthRefreshTokens.Count(t => t.ClientId == c.Id && t.RotatedAt == null && t.RevokedAt == null && t.ExpiresAt > now));

    internal static NotFoundException NotFound(string? clientId) =>
        new("client not found", new Dictionary<string, object?> { ["clientId"] = clientId });
}

/// <summary>Registered OAuth clients, newest first; <see cref="Search"/> matches part of the client name or id.</summary>
[Authorize(Roles = [SystemRole.Owner, SystemRole.Admin])]
public sealed record ListOAuthClientsQuery(string? Search = null, int Page = 1, int PageSize = Paging.DefaultPageSize)
    : IRequest<Page<AdminOAuthClientDto>>, IPagedQuery;

internal sealed class ListOAuthClientsQueryValidator : AbstractValidator<ListOAuthClientsQuery>
{
    public ListOAuthClientsQueryValidator()
    {
        this.AddPagingRules();
        RuleFor(q => q.Search).MaximumLength(OAuthClient.MaxNameLength).WithMessage("validation: search too long");
    }
}

internal sealed class ListOAuthClientsQueryHandler(IOAuthDbContext db, TimeProvider clock) : IRequestHandler<ListOAuthClientsQuery, Page<AdminOAuthClientDto>>
{
    public Task<Page<AdminOAuthClientDto>> Handle(ListOAuthClientsQuery request, CancellationToken cancellationToken)
    {
        var clients = db.OAuthClients.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(request.Search))
        {
            var term = request.Search.Trim();
            var lower = term.ToLowerInvariant();
            clients = clients.Where(c => c.ClientId == term || (c.ClientName != null && c.ClientName.ToLower().Contains(lower)));
        }

        return clients.OrderByDescending(c => c.Id).Select(AdminOAuthClientDto.Projection(db, clock.GetUtcNow())).ToPageAsync(request, cancellationToken);
    }
}

/// <summary>One registered client by its public client_id.</summary>
[Authorize(Roles = [SystemRole.Owner, SystemRole.Admin])]
public sealed record GetOAuthClientQuery(string ClientId) : IRequest<AdminOAuthClientDto>;

internal sealed class GetOAuthClientQueryHandler(IOAuthDbContext db, TimeProvider clock) : IRequestHandler<GetOAuthClientQuery, AdminOAuthClientDto>
{
    public async Task<AdminOAuthClientDto> Handle(GetOAuthClientQuery request, CancellationToken cancellationToken) =>
        await db.OAuthClients.AsNoTracking().Where(c => c.ClientId == request.ClientId)
            .Select(AdminOAuthClientDto.Projection(db, clock.GetUtcNow())).FirstOrDefaultAsync(cancellationToken)
        ?? throw AdminOAuthClientDto.NotFound(request.ClientId);
}

/// <summary>
/// Deletes a registered client: its consents, authorization codes and refresh tokens go with it,
/// so it can no longer refresh (access tokens it holds expire within the hour).
/// </summary>
[Authorize(Roles = [SystemRole.Owner, SystemRole.Admin])]
public sealed record DeleteOAuthClientCommand(string ClientId) : IRequest<AdminOAuthClientDto>, IAuditedRequest<AdminOAuthClientDto>
{
    public AuditDescription DescribeAudit(AdminOAuthClientDto response) =>
        new("oauth_client.delete", "oauth_client", ClientId, new Dictionary<string, object?>
        {
            ["clientName"] = response.ClientName,
            ["consents"] = response.Consents,
            ["activeRefreshTokens"] = response.ActiveRefreshTokens,
        });
}

internal sealed class DeleteOAuthClientCommandHandler(IOAuthDbContext db, TimeProvider clock) : IRequestHandler<DeleteOAuthClientCommand, AdminOAuthClientDto>
{
    public async Task<AdminOAuthClientDto> Handle(DeleteOAuthClientCommand request, CancellationToken cancellationToken)
    {
        var client = await db.OAuthClients.AsNoTracking().Where(c => c.ClientId == request.ClientId)
            .Select(AdminOAuthClientDto.Projection(db, clock.GetUtcNow())).FirstOrDefaultAsync(cancellationToken)
            ?? throw AdminOAuthClientDto.NotFound(request.ClientId);

        // Codes, refresh tokens and consents go by the schema's ON DELETE CASCADE.
        await db.OAuthClients.Where(c => c.ClientId == request.ClientId).ExecuteDeleteAsync(cancellationToken);
        return client;
    }
}
