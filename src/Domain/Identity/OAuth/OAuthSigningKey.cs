namespace Platform.Domain.Identity.OAuth;

/// <summary>
/// A token-signing key as stored: the public JWK in clear, the private key protected (Data
/// Protection). Exactly one key is current; rotation retires it and a new one takes over, while
/// the retired one stays published so tokens it signed still verify.
/// </summary>
public sealed class OAuthSigningKey
{
    public const int MaxKeyIdLength = 64;

    private OAuthSigningKey()
    {
    }

    /// <summary>The key id (<c>kid</c>): the RFC 7638 thumbprint of the public key.</summary>
    public string Id { get; private set; } = "";

    public string Algorithm { get; private set; } = "";

    public string PublicJwk { get; private set; } = "";

    public string ProtectedPrivateKey { get; private set; } = "";

    public bool IsCurrent { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? RetiredAt { get; private set; }

    public static OAuthSigningKey Create(string keyId, string algorithm, string publicJwk, string protectedPrivateKey, DateTimeOffset now) =>
        new()
        {
            Id = keyId,
            Algorithm = algorithm,
            PublicJwk = publicJwk,
            ProtectedPrivateKey = protectedPrivateKey,
            IsCurrent = true,
            CreatedAt = now,
        };

    public void Retire(DateTimeOffset now)
    {
        if (!IsCurrent)
        {
            return;
        }

        IsCurrent = false;
        RetiredAt = now;
    }
}
