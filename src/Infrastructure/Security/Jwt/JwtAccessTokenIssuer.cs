using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Platform.Application.Identity.OAuth;

namespace Platform.Infrastructure.Security.Jwt;

/// <summary>
/// Access tokens as RFC 9068 JWTs (<c>typ: at+jwt</c>): <c>iss</c>, <c>sub</c> (user id), <c>aud</c>
/// (the MCP resource, always), <c>azp</c> and <c>client_id</c>, <c>scope</c>, <c>iat</c>, <c>exp</c>
/// (<see cref="OAuthTokenOptions.AccessTokenLifetime"/>, one hour by default), <c>jti</c>; signed with
/// the current key (its <c>kid</c> in the header) by Microsoft.IdentityModel's <see cref="JsonWebTokenHandler"/>.
/// </summary>
internal sealed class JwtAccessTokenIssuer(ISigningKeyStore keys, IOAuthServerSettings settings, IOptions<OAuthTokenOptions> options, TimeProvider clock) : IAccessTokenIssuer
{
    public const string TokenType = "at+jwt";

    // No nbf (and no iat/exp from the machine clock): the claims below are the whole payload.
    private static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false };

    public async Task<IssuedAccessToken> IssueAsync(int userId, string clientId, IReadOnlyList<string> scopes, string audience, CancellationToken ct)
    {
        var key = await keys.GetCurrentAsync(ct).ConfigureAwait(false);
        var issuedAt = clock.GetUtcNow().ToUnixTimeSeconds();
        var lifetime = (int)options.Value.AccessTokenLifetime.TotalSeconds;
        var descriptor = new SecurityTokenDescriptor
        {
            TokenType = TokenType,
            SigningCredentials = key.Credentials,
            Claims = new Dictionary<string, object>(9, StringComparer.Ordinal)
            {
                ["iss"] = settings.Issuer,
                ["sub"] = userId.ToString(CultureInfo.InvariantCulture),
                ["aud"] = audience,
                ["azp"] = clientId,
                ["client_id"] = clientId,
                ["scope"] = string.Join(' ', scopes),
                ["iat"] = issuedAt,
                ["exp"] = issuedAt + lifetime,
                ["jti"] = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16)),
            },
        };
        return new IssuedAccessToken(Handler.CreateToken(descriptor), lifetime);
    }
}
