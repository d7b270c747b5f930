using Microsoft.EntityFrameworkCore;
using Platform.Domain.Common;
using Platform.Domain.Identity.OAuth;

namespace Platform.Application.Identity.OAuth;

/// <summary>How the client presented its credentials at the token or revocation endpoint.</summary>
public enum ClientCredentialsScheme
{
    /// <summary>Only a <c>client_id</c> in the form (public clients).</summary>
    None,

    /// <summary><c>client_id</c> + <c>client_secret</c> in the form.</summary>
    Post,

    /// <summary>HTTP Basic (RFC 6749 §2.3.1).</summary>
    Basic,
}

/// <summary>The credentials a token or revocation request carried.</summary>
public sealed record ClientCredentials(string? ClientId, string? ClientSecret, ClientCredentialsScheme Scheme);

/// <summary>
/// Authenticates a client exactly per its registered <c>token_endpoint_auth_method</c>: public
/// clients send no secret, <c>client_secret_post</c> clients send it in the form,
/// <c>client_secret_basic</c> ones in the Authorization header. Any failure is <c>invalid_client</c>
/// (401), which tells MCP clients to register again.
/// </summary>
internal sealed class ClientAuthenticator(IOAuthDbContext db)
{
    public async Task<OAuthClient> AuthenticateAsync(ClientCredentials credentials, CancellationToken ct)
    {
        var clientId = credentials.ClientId;
        if (string.IsNullOrEmpty(clientId) || clientId.Length > OAuthClient.MaxClientIdLength)
        {
            throw Failed("client authentication failed: client_id is missing");
        }

        // A client_id that is not valid text names no client (and must not reach the database).
        var client = (TextRules.Problem(clientId) is null ? await db.OAuthClients.AsNoTracking().FirstOrDefaultAsync(c => c.ClientId == clientId, ct) : null)
            ?? throw Failed("client authentication failed: unknown client");

        var expected = client.TokenEndpointAuthMethod switch
        {
            ClientAuthMethods.ClientSecretPost => ClientCredentialsScheme.Post,
            ClientAuthMethods.ClientSecretBasic => ClientCredentialsScheme.Basic,
            _ => ClientCredentialsScheme.None,
        };
        if (credentials.Scheme != expected)
        {
            throw Failed($"client authentication failed: this client authenticates with {client.TokenEndpointAuthMethod}");
        }

        if (expected != ClientCredentialsScheme.None)
        {
            var secret = credentials.ClientSecret ?? "";
            if (secret.Length == 0 || secret.Length > OAuthSecrets.MaxPresentedLength || !client.SecretMatches(OAuthSecrets.Hash(secret)))
            {
                throw Failed("client authentication failed: invalid client secret");
            }
        }

        return client;
    }

    private static OAuthException Failed(string description) => new(OAuthErrors.InvalidClient, description);
}
