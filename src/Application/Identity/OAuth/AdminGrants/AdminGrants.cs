using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Platform.Application.Common.Auditing;
using Platform.Application.Common.Paging;
using Platform.Application.Common.Security;
using Platform.Application.Identity.OAuth.ExchangeToken;
using Platform.Domain.Common;
using Platform.Domain.Identity;
using Platform.Domain.Identity.OAuth;

namespace Platform.Application.Identity.OAuth.AdminGrants;

/// <summary>What a user allowed a client (a consent), with how many live refresh-token families it has.</summary>
public sealed record UserGrantDto(
    string ClientId, string? ClientName, IReadOnlyList<string> Scopes, DateTimeOffset GrantedAt, DateTimeOffset UpdatedAt, int ActiveRefreshTokens);

/// <summary>
/// One refresh-token family (one grant's chain of rotated tokens): when it started, when it was last
/// used (its newest token), until when its live token is valid, and whether it was revoked.
/// </summary>
public sealed record RefreshTokenFamilyDto(
    Guid FamilyId,
    string ClientId,
    string? ClientName,
    IReadOnlyList<string> Scopes,
    DateTimeOffset StartedAt,
    DateTimeOffset LastIssuedAt,
    int Tokens,
    bool Active,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset? RevokedAt);

internal static class AdminGrantRules
{
    public static async Task EnsureUserExistsAsync(IOAuthDbContext db, int userId, CancellationToken ct)
    {
        if (!await db.Users.AnyAsync(u => u.Id == userId, ct))
        {
            throw new NotFoundException("user not found", new Dictionary<string, object?> { ["userId"] = userId });
        }
    }

    /// <summary>Revokes every unspent refresh token of the user (optionally for one client); returns how many.</summary>
    public static Task<int> RevokeRefreshTokensAsync(IOAuthDbContext db, int userId, long? clientId, DateTimeOffset now, CancellationToken ct) =>
        db.OAuthRefreshTokens
            .Where(t => t.UserId == userId && t.RevokedAt == null && (clientId == null || t.ClientId == clientId))
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now), ct);
}

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

/// <summary>
/// Withdraws a user's grant to a client: the consent goes (the next authorization asks again), and
/// the client's refresh tokens and unused authorization codes for that user are revoked.
/// </summary>
[Authorize(Roles = [SystemRole.Owner, SystemRole.Admin])]
public sealed record RevokeUserGrantCommand(int UserId, string ClientId) : IRequest<int>, IAuditedRequest<int>
{
    public AuditDescription DescribeAudit(int response) =>
        AuditDescription.For("user.revoke_oauth_grant", "user", UserId, new Dictionary<string, object?>
        {
            ["clientId"] = ClientId,
            ["refreshTokensRevoked"] = response,
        });
}

internal sealed class RevokeUserGrantCommandHandler(IOAuthDbContext db, TimeProvider clock) : IRequestHandler<RevokeUserGrantCommand, int>
{
    public async Task<int> Handle(RevokeUserGrantCommand request, CancellationToken cancellationToken)
    {
        await AdminGrantRules.EnsureUserExistsAsync(db, request.UserId, cancellationToken);
        var clientId = await db.OAuthClients.Where(c => c.ClientId == request.ClientId).Select(c => (long?)c.Id).FirstOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException("grant not found", new Dictionary<string, object?> { ["clientId"] = request.ClientId });
        var deleted = await db.OAuthConsents.Where(c => c.UserId == request.UserId && c.ClientId == clientId).ExecuteDeleteAsync(cancellationToken);
        if (deleted == 0)
        {
            throw new NotFoundException("grant not found", new Dictionary<string, object?> { ["clientId"] = request.ClientId });
        }

        await db.OAuthAuthorizationCodes.Where(c => c.UserId == request.UserId && c.ClientId == clientId && c.ConsumedAt == null)
            .ExecuteDeleteAsync(cancellationToken);
        return await AdminGrantRules.RevokeRefreshTokensAsync(db, request.UserId, clientId, clock.GetUtcNow(), cancellationToken);
    }
}

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

/// <summary>Revokes one refresh-token family of a user: the client can no longer refresh with it.</summary>
[Authorize(Roles = [SystemRole.Owner, SystemRole.Admin])]
public sealed record RevokeRefreshTokenFamilyCommand(int UserId, Guid FamilyId) : IRequest<int>, IAuditedRequest<int>
{
    public AuditDescription DescribeAudit(int response) =>
        AuditDescription.For("user.revoke_refresh_family", "user", UserId, new Dictionary<string, object?>
        {
            ["familyId"] = FamilyId,
            ["tokensRevoked"] = response,
        });
}

internal sealed class RevokeRefreshTokenFamilyCommandHandler(IOAuthDbContext db, TimeProvider clock) : IRequestHandler<RevokeRefreshTokenFamilyCommand, int>
{
    public async Task<int> Handle(RevokeRefreshTokenFamilyCommand request, CancellationToken cancellationToken)
    {
        await AdminGrantRules.EnsureUserExistsAsync(db, request.UserId, cancellationToken);
        if (!await db.OAuthRefreshTokens.AnyAsync(t => t.UserId == request.UserId && t.FamilyId == request.FamilyId, cancellationToken))
        {
            throw new NotFoundException("refresh token family not found", new Dictionary<string, object?> { ["familyId"] = request.FamilyId });
        }

        return await RefreshTokenFamilies.RevokeAsync(db, request.FamilyId, clock.GetUtcNow(), cancellationToken);
    }
}
