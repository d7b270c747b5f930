using System.Linq.Expressions;
using Platform.Domain.Common;
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
