using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Platform.Application.Identity.OAuth;
using Platform.Application.Identity.Sessions;

namespace Platform.Infrastructure.Security.Jwt;

/// <summary>
/// Access tokens as RFC 9068 JWTs (<c>typ: at+jwt</c>): <c>iss</c>, <c>sub</c> (user id), <c>aud</c>
/// (the MCP resource, always), <c>azp</c> and <c>client_id</c>, <c>scope</c>, <c>iat</c>, <c>exp</c>
/// (one hour), <c>jti</c>; signed with the current key.
/// </summary>
internal sealed class JwtAccessTokenIssuer(ISigningKeyStore keys, IOAuthServerSettings settings, TimeProvider clock) : IAccessTokenIssuer
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);

    public async Task<IssuedAccessToken> IssueAsync(int userId, string clientId, IReadOnlyList<string> scopes, CancellationToken ct)
    {
        var key = await keys.GetCurrentAsync(ct).ConfigureAwait(false);
        var issuedAt = clock.GetUtcNow().ToUnixTimeSeconds();
        var lifetime = (int)Lifetime.TotalSeconds;
        var claims = new JsonObject
        {
            ["iss"] = settings.Issuer,
            ["sub"] = userId.ToString(CultureInfo.InvariantCulture),
            ["aud"] = settings.Resource,
            ["azp"] = clientId,
            ["client_id"] = clientId,
            ["scope"] = string.Join(' ', scopes),
            ["iat"] = issuedAt,
            ["exp"] = issuedAt + lifetime,
            ["jti"] = SessionService.Base64UrlToken(RandomNumberGenerator.GetBytes(16)),
        };
        return new IssuedAccessToken(Jws.Sign(claims, key, "at+jwt"), lifetime);
    }
}
