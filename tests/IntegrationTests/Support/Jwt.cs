using System.Buffers.Text;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Platform.Infrastructure.Security.Jwt;

namespace Platform.IntegrationTests.Support;

/// <summary>Reads an issued JWT's header and claims as JSON, and checks its signature with Microsoft.IdentityModel.</summary>
public static class Jwt
{
    public static JsonElement Header(string token) => Decode(token.Split('.')[0]);

    public static JsonElement Claims(string token) => Decode(token.Split('.')[1]);

    public static string? KeyId(string token) => new JsonWebToken(token).Kid;

    /// <summary>True when <paramref name="key"/> signed <paramref name="token"/> with the key's own algorithm (claims not checked).</summary>
    public static async Task<bool> VerifiesWithAsync(string token, SigningKey key)
    {
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            IssuerSigningKey = key.SecurityKey,
            TryAllIssuerSigningKeys = false,
            ValidAlgorithms = [key.Algorithm],
            ValidateIssuer = false,
            ValidateAudience = false,
            ValidateLifetime = false,
        });
        return result.IsValid;
    }

    private static JsonElement Decode(string part)
    {
        using var document = JsonDocument.Parse(Base64Url.DecodeFromChars(part));
        return document.RootElement.Clone();
    }
}
