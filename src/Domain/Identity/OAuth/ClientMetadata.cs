namespace Platform.Domain.Identity.OAuth;

/// <summary>
/// The client metadata of a dynamic registration (RFC 7591 §2) this server understands; absent
/// members are null. Unknown members are ignored before they get here (RFC 7591 §2).
/// </summary>
public sealed record ClientMetadata
{
    public IReadOnlyList<string>? RedirectUris { get; init; }

    public string? TokenEndpointAuthMethod { get; init; }

    public IReadOnlyList<string>? GrantTypes { get; init; }

    public IReadOnlyList<string>? ResponseTypes { get; init; }

    public string? ClientName { get; init; }

    public string? ClientUri { get; init; }

    public string? LogoUri { get; init; }

    public string? Scope { get; init; }

    public IReadOnlyList<string>? Contacts { get; init; }

    public string? TosUri { get; init; }

    public string? PolicyUri { get; init; }

    public string? SoftwareId { get; init; }

    public string? SoftwareVersion { get; init; }

    public string? ApplicationType { get; init; }
}

/// <summary>How a client authenticates at the token and revocation endpoints.</summary>
public static class ClientAuthMethods
{
    public const string None = "none";
    public const string ClientSecretPost = "client_secret_post";
    public const string ClientSecretBasic = "client_secret_basic";

    public static readonly IReadOnlyList<string> Supported = [None, ClientSecretPost, ClientSecretBasic];
}

public static class GrantTypes
{
    public const string AuthorizationCode = "authorization_code";
    public const string RefreshToken = "refresh_token";

    public static readonly IReadOnlyList<string> Supported = [AuthorizationCode, RefreshToken];
}
