using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Platform.Application.Common.Security;
using Platform.Application.Common.Telemetry;
using Platform.Application.Common.Validation;
using Platform.Domain.Identity.OAuth;

namespace Platform.Application.Identity.OAuth.ExchangeToken;

/// <summary>
/// POST /token (RFC 6749 §4.1.3, §6): exchanges an authorization code or a refresh token for an
/// access token (always a JWT for the MCP resource) and, with <c>offline_access</c>, a rotated
/// refresh token. A rotated refresh token presented again within the reuse grace gets the same
/// successor and a fresh access token (decision 0303).
/// </summary>
[AllowAnonymous]
[TextRuleExempt(OAuthText.Reason)]
public sealed record ExchangeTokenCommand(
    ClientCredentials Client,
    string? GrantType,
    string? Code = null,
    string? RedirectUri = null,
    string? CodeVerifier = null,
    string? RefreshToken = null,
    string? Scope = null,
    IReadOnlyList<string>? Resources = null) : IRequest<TokenResponseDto>;

public sealed record TokenResponseDto(string AccessToken, string TokenType, int ExpiresIn, string Scope, string? RefreshToken);

internal sealed class ExchangeTokenCommandHandler(
    IOAuthDbContext db,
    ClientAuthenticator authenticator,
    IAccessTokenIssuer accessTokens,
    IOAuthServerSettings settings,
    IRefreshTokenProtector protector,
    IOptions<OAuthTokenOptions> options,
    TimeProvider clock,
    PlatformMetrics metrics)
    : IRequestHandler<ExchangeTokenCommand, TokenResponseDto>
{
    private static readonly TimeSpan Retention = TimeSpan.FromDays(1);

    public async Task<TokenResponseDto> Handle(ExchangeTokenCommand request, CancellationToken cancellationToken)
    {
        var client = await authenticator.AuthenticateAsync(request.Client, cancellationToken);

        var (requestedResource, targetError) = ResourceIndicator.Resolve(request.Resources ?? [], settings);
        if (targetError is not null)
        {
            throw new OAuthException(OAuthErrors.InvalidTarget, targetError);
        }

        return request.GrantType switch
        {
            null or "" => throw new OAuthException(OAuthErrors.InvalidRequest, "grant_type is required"),
            GrantTypes.AuthorizationCode when client.AllowsGrant(GrantTypes.AuthorizationCode) =>
                await RedeemCodeAsync(client, request, requestedResource, cancellationToken),
            GrantTypes.RefreshToken when client.AllowsGrant(GrantTypes.RefreshToken) =>
                await RefreshAsync(client, request, requestedResource, cancellationToken),
            GrantTypes.AuthorizationCode or GrantTypes.RefreshToken =>
                throw new OAuthException(OAuthErrors.UnauthorizedClient, $"this client did not register the {request.GrantType} grant"),
            _ => throw new OAuthException(OAuthErrors.UnsupportedGrantType, "grant_type must be authorization_code or refresh_token"),
        };
    }

    private async Task<TokenResponseDto> RedeemCodeAsync(OAuthClient client, ExchangeTokenCommand request, string? requestedResource, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(request.Code))
        {
            throw new OAuthException(OAuthErrors.InvalidRequest, "code is required");
        }

        var now = clock.GetUtcNow();
        var codeHash = OAuthSecrets.Hash(request.Code);
        var code = request.Code.Length <= OAuthSecrets.MaxPresentedLength
            ? await db.OAuthAuthorizationCodes.AsNoTracking().FirstOrDefaultAsync(c => c.CodeHash == codeHash, ct)
            : null;
        if (code is null)
        {
            throw Grant("unknown authorization code");
        }

        if (code.IsConsumed && code.ClientId == client.Id)
        {
            await RevokeFamilyAsync(code.FamilyId, now, ct);
            throw Grant("the authorization code was already used; every token issued from it is revoked");
        }

        code.EnsureRedeemable(client.Id, request.RedirectUri, request.CodeVerifier, now);
        var audience = AudienceOf(code.Resource, requestedResource, "authorization code");
        await EnsureUserActiveAsync(code.UserId, ct);

        var scopes = code.Scopes;
        string? refresh = null;
        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            // Single use, also under concurrency: only one request flips consumed_at. A concurrent one
            // waits for this transaction's row lock, finds the code consumed and revokes the family,
            // which by then includes the refresh token committed here.
            var claimed = await db.OAuthAuthorizationCodes.Where(c => c.Id == code.Id && c.ConsumedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.ConsumedAt, now), ct);
            if (claimed == 0)
            {
                await transaction.RollbackAsync(ct);
                await RevokeFamilyAsync(code.FamilyId, now, ct);
                throw Grant("the authorization code was already used; every token issued from it is revoked");
            }

            if (scopes.Contains(OAuthScopes.OfflineAccess, StringComparer.Ordinal) && client.AllowsGrant(GrantTypes.RefreshToken))
            {
                refresh = OAuthSecrets.NewToken();
                db.OAuthRefreshTokens.Add(OAuthRefreshToken.IssueFor(code, OAuthSecrets.Hash(refresh), now, options.Value.RefreshTokenLifetime));
                await db.SaveChangesAsync(ct);
            }

            await transaction.CommitAsync(ct);
        }

        var access = await accessTokens.IssueAsync(code.UserId, client.ClientId, scopes, audience, ct);
        return new TokenResponseDto(access.Token, "Bearer", access.ExpiresIn, OAuthScopes.Format(scopes), refresh);
    }

    private async Task<TokenResponseDto> RefreshAsync(OAuthClient client, ExchangeTokenCommand request, string? requestedResource, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(request.RefreshToken))
        {
            throw new OAuthException(OAuthErrors.InvalidRequest, "refresh_token is required");
        }

        var now = clock.GetUtcNow();
        var tokenHash = OAuthSecrets.Hash(request.RefreshToken);
        var token = request.RefreshToken.Length <= OAuthSecrets.MaxPresentedLength
            ? await db.OAuthRefreshTokens.AsNoTracking().FirstOrDefaultAsync(t => t.TokenHash == tokenHash, ct)
            : null;
        if (token is null || token.ClientId != client.Id)
        {
            throw Grant("unknown refresh token");
        }

        var audience = AudienceOf(token.Resource, requestedResource, "refresh token");
        if (token.IsSpent)
        {
            return await PresentAgainAsync(client, token, request.Scope, now, ct);
        }

        if (!token.IsActive(now))
        {
            throw Grant("the refresh token has expired");
        }

        var scopes = ScopesFor(token, request.Scope);
        await EnsureUserActiveAsync(token.UserId, ct);

        var settings = options.Value;
        var grace = TimeSpan.FromSeconds(settings.RefreshTokenReuseGraceSeconds);
        var refresh = OAuthSecrets.NewToken();
        var protectedSuccessor = grace > TimeSpan.Zero ? protector.Protect(refresh) : null;
        DateTimeOffset? graceUntil = grace > TimeSpan.Zero ? now + grace : null;
        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            // Rotation: only one request retires this token, and it keeps the successor (encrypted)
            // for the grace in the same UPDATE. A concurrent one waits for the row lock, finds the
            // token rotated by a committed transaction (successor included) and is answered from the
            // grace like a later repetition; without grace it revokes the family.
            var claimed = await db.OAuthRefreshTokens.Where(t => t.Id == token.Id && t.RotatedAt == null && t.RevokedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.RotatedAt, now)
                    .SetProperty(t => t.ProtectedSuccessor, protectedSuccessor)
                    .SetProperty(t => t.ReuseGraceUntil, graceUntil), ct);
            if (claimed == 0)
            {
                await transaction.RollbackAsync(ct);
                var current = await db.OAuthRefreshTokens.AsNoTracking().FirstOrDefaultAsync(t => t.Id == token.Id, ct)
                    ?? throw Grant("unknown refresh token");
                return await PresentAgainAsync(client, current, request.Scope, now, ct);
            }

            db.OAuthRefreshTokens.Add(token.RotateTo(OAuthSecrets.Hash(refresh), now, settings.RefreshTokenLifetime));
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }

        var horizon = now - Retention;
        await db.OAuthRefreshTokens.Where(t => t.ExpiresAt < horizon).ExecuteDeleteAsync(ct);

        var access = await accessTokens.IssueAsync(token.UserId, client.ClientId, scopes, audience, ct);
        return new TokenResponseDto(access.Token, "Bearer", access.ExpiresIn, OAuthScopes.Format(scopes), refresh);
    }

    /// <summary>
    /// A rotated or revoked refresh token presented again. Within the reuse grace of a rotation, and
    /// only while the successor is still the family's live token (not rotated on, not revoked, not
    /// expired), the answer is the first one again: the same successor and a fresh access token.
    /// Anything else is a replay: the family is revoked (nothing it held comes back) and the request
    /// is an invalid_grant.
    /// </summary>
    private async Task<TokenResponseDto> PresentAgainAsync(OAuthClient client, OAuthRefreshToken token, string? requestedScope, DateTimeOffset now, CancellationToken ct)
    {
        var successor = token.IsInReuseGrace(now) ? protector.Unprotect(token.ProtectedSuccessor!) : null;
        if (successor is not null)
        {
            // One statement, so one committed state: a concurrent rotation of the successor or a
            // revocation of the family either is seen here (refused) or comes after this answer and
            // then covers what it hands out, exactly as for the first presentation.
            var successorHash = OAuthSecrets.Hash(successor);
            var live = await db.OAuthRefreshTokens.AnyAsync(
                t => t.TokenHash == successorHash && t.ParentId == token.Id && t.RotatedAt == null && t.RevokedAt == null && t.ExpiresAt > now, ct);
            if (live)
            {
                var scopes = ScopesFor(token, requestedScope);
                await EnsureUserActiveAsync(token.UserId, ct);
                var access = await accessTokens.IssueAsync(token.UserId, client.ClientId, scopes, token.Resource ?? settings.Resource, ct);
                metrics.RefreshGraceHit();
                return new TokenResponseDto(access.Token, "Bearer", access.ExpiresIn, OAuthScopes.Format(scopes), successor);
            }
        }

        await RevokeFamilyAsync(token.FamilyId, now, ct);
        metrics.RefreshReuseDetected();
        throw Grant("the refresh token was already used or revoked; the whole grant is revoked");
    }

    /// <summary>
    /// The audience of the tokens a grant yields: the resource its authorization request named, else
    /// /api/mcp. A <c>resource</c> at the token endpoint must name the same one (RFC 8707 §2.2).
    /// </summary>
    private string AudienceOf(string? granted, string? requested, string grant)
    {
        var audience = granted ?? settings.Resource;
        if (requested is not null && requested != audience)
        {
            throw new OAuthException(OAuthErrors.InvalidTarget, $"the {grant} was issued for {audience}");
        }

        return audience;
    }

    /// <summary>The grant's scopes, or the narrower ones the request asks for (a refresh never widens them).</summary>
    private static IReadOnlyList<string> ScopesFor(OAuthRefreshToken token, string? requestedScope)
    {
        var scopes = token.Scopes;
        if (string.IsNullOrWhiteSpace(requestedScope))
        {
            return scopes;
        }

        if (!OAuthScopes.TryParse(requestedScope, out var requested, out var unknown))
        {
            throw new OAuthException(OAuthErrors.InvalidScope, $"unknown scope '{unknown}'");
        }

        if (!OAuthScopes.IsSubsetOf(requested, scopes))
        {
            throw new OAuthException(OAuthErrors.InvalidScope, "a refresh can only narrow the granted scopes");
        }

        return requested;
    }

    private async Task EnsureUserActiveAsync(int userId, CancellationToken ct)
    {
        if (!await db.Users.AnyAsync(u => u.Id == userId && u.DisabledAt == null, ct))
        {
            throw Grant("the user no longer exists or is disabled");
        }
    }

    private Task RevokeFamilyAsync(Guid familyId, DateTimeOffset now, CancellationToken ct) =>
        RefreshTokenFamilies.RevokeAsync(db, familyId, now, ct);

    private static OAuthException Grant(string description) => new(OAuthErrors.InvalidGrant, description);
}

internal static class RefreshTokenFamilies
{
    /// <summary>Revokes every token of the family not revoked yet (rotated ones too, which ends their reuse grace and drops the kept successor).</summary>
    public static Task<int> RevokeAsync(IOAuthDbContext db, Guid familyId, DateTimeOffset now, CancellationToken ct) =>
        db.OAuthRefreshTokens.Where(t => t.FamilyId == familyId && t.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now).SetProperty(t => t.ProtectedSuccessor, (string?)null).SetProperty(t => t.ReuseGraceUntil, (DateTimeOffset?)null), ct);
}
