using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Platform.Domain.Common;

namespace Platform.Application.Identity.OAuth.AdminGrants;

/// <summary>
/// What a user allowed a client for one protected resource (a consent: the resource's URI and what it
/// holds in words), with how many live refresh-token families it has for that resource.
/// </summary>
public sealed record UserGrantDto(
    string ClientId, string? ClientName, string Resource, string ResourceDescription, IReadOnlyList<string> Scopes, DateTimeOffset GrantedAt, DateTimeOffset UpdatedAt, int ActiveRefreshTokens);

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

    /// <summary>
    /// Revokes every refresh token of the user not revoked yet (optionally for one client; rotated
    /// ones too, which ends their reuse grace and drops the kept successor); returns how many.
    /// </summary>
    public static Task<int> RevokeRefreshTokensAsync(IOAuthDbContext db, int userId, long? clientId, DateTimeOffset now, CancellationToken ct) =>
        db.OAuthRefreshTokens
            .Where(t => t.UserId == userId && t.RevokedAt == null && (clientId == null || t.ClientId == clientId))
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now).SetProperty(t => t.ProtectedSuccessor, (string?)null).SetProperty(t => t.ReuseGraceUntil, (DateTimeOffset?)null), ct);

    /// <summary>Deletes the user's authorization codes not yet exchanged (optionally for one client): none can become a token any more.</summary>
    public static Task<int> DeleteUnusedCodesAsync(IOAuthDbContext db, int userId, long? clientId, CancellationToken ct) =>
        db.OAuthAuthorizationCodes
            .Where(c => c.UserId == userId && c.ConsumedAt == null && (clientId == null || c.ClientId == clientId))
            .ExecuteDeleteAsync(ct);

    /// <summary>
    /// Everything OAuth holds for the user (optionally for one client) stops working: unspent refresh
    /// tokens are revoked and unused authorization codes deleted. Returns how many refresh tokens.
    /// </summary>
    public static async Task<int> RevokeOAuthAsync(IOAuthDbContext db, int userId, long? clientId, DateTimeOffset now, CancellationToken ct)
    {
        await DeleteUnusedCodesAsync(db, userId, clientId, ct);
        return await RevokeRefreshTokensAsync(db, userId, clientId, now, ct);
    }
}
