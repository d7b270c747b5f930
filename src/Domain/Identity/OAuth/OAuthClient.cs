using System.Security.Cryptography;
using Platform.Domain.Common;

namespace Platform.Domain.Identity.OAuth;

/// <summary>
/// A client registered through dynamic client registration (RFC 7591), or one that names itself by
/// the URL of its client ID metadata document (decision 0304), stored the same way. Public clients
/// (<c>none</c>) have no secret; confidential ones keep only the SHA-256 of theirs.
/// </summary>
public sealed class OAuthClient
{
    /// <summary>Registered ids are 32 characters; metadata-document ids are URLs of at most this length.</summary>
    public const int MaxClientIdLength = ClientIdMetadataDocument.MaxUrlLength;
    public const int MaxNameLength = 200;
    public const int MaxUriLength = 2000;
    public const int MaxShortTextLength = 200;
    public const int MaxRedirectUris = 10;
    public const int MaxContacts = 5;

    // What a registration may send (security review finding 2): what real MCP clients send, with room;
    // the columns keep their wider lengths (MaxNameLength, MaxUriLength) for existing rows.
    public const int MaxRegisteredNameLength = 100;
    public const int MaxRegisteredUriLength = 512;
    public const int MaxRegisteredShortTextLength = 64;

    private OAuthClient()
    {
    }

    public long Id { get; private set; }

    /// <summary>The public identifier handed to the client.</summary>
    public string ClientId { get; private set; } = "";

    public byte[]? SecretHash { get; private set; }

    public string TokenEndpointAuthMethod { get; private set; } = ClientAuthMethods.ClientSecretBasic;

    public string[] RedirectUris { get; private set; } = [];

    public string[] GrantTypes { get; private set; } = [];

    public string[] ResponseTypes { get; private set; } = [];

    public string? ClientName { get; private set; }

    public string? ClientUri { get; private set; }

    public string? LogoUri { get; private set; }

    public string? TosUri { get; private set; }

    public string? PolicyUri { get; private set; }

    public string[]? Contacts { get; private set; }

    /// <summary>The scopes the client registered (space-separated), or null for "the defaults".</summary>
    public string? Scope { get; private set; }

    public string? SoftwareId { get; private set; }

    public string? SoftwareVersion { get; private set; }

    public string? ApplicationType { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>
    /// For a client whose <see cref="ClientId"/> is the URL of its metadata document: when the document
    /// stored here was fetched (a newer fetch by any node replaces it). Null for registered clients.
    /// </summary>
    public DateTimeOffset? MetadataFetchedAt { get; private set; }

    /// <summary>The client names itself by a client ID metadata document (its client_id is that document's URL).</summary>
    public bool IsMetadataDocumentClient => MetadataFetchedAt is not null;

    /// <summary>Every redirect URI is http on loopback: any program on the user's machine could receive the code (consent warning).</summary>
    public bool RedirectsOnlyToLocalhost => RedirectUris.Length > 0 && RedirectUris.All(RedirectUriPolicy.IsLoopbackHttp);

    public bool IsPublic => TokenEndpointAuthMethod == ClientAuthMethods.None;

    /// <summary>
    /// Validates <paramref name="metadata"/> and creates the client. Throws <see cref="OAuthException"/>
    /// with <c>invalid_redirect_uri</c> or <c>invalid_client_metadata</c>. A confidential client needs
    /// <paramref name="secretHash"/>; a public one must not get one.
    /// </summary>
    public static OAuthClient Register(ClientMetadata metadata, string clientId, Func<byte[]> newSecretHash, DateTimeOffset now)
    {
        var redirectUris = ValidateRedirectUris(metadata.RedirectUris);

        var method = metadata.TokenEndpointAuthMethod ?? ClientAuthMethods.ClientSecretBasic;
        if (!ClientAuthMethods.Supported.Contains(method, StringComparer.Ordinal))
        {
            throw Invalid($"token_endpoint_auth_method must be one of: {string.Join(", ", ClientAuthMethods.Supported)}");
        }

        var grantTypes = metadata.GrantTypes ?? [OAuth.GrantTypes.AuthorizationCode];
        if (grantTypes.Count == 0 || grantTypes.Any(g => !OAuth.GrantTypes.Supported.Contains(g, StringComparer.Ordinal)))
        {
            throw Invalid($"grant_types must be a subset of: {string.Join(", ", OAuth.GrantTypes.Supported)}");
        }

        if (!grantTypes.Contains(OAuth.GrantTypes.AuthorizationCode, StringComparer.Ordinal))
        {
            throw Invalid("grant_types must include authorization_code");
        }

        var responseTypes = metadata.ResponseTypes ?? ["code"];
        if (responseTypes.Count == 0 || responseTypes.Any(r => r != "code"))
        {
            throw Invalid("response_types must be [\"code\"]");
        }

        string? scope = null;
        if (metadata.Scope is { } requestedScope)
        {
            if (!OAuthScopes.TryParse(requestedScope, out var scopes, out var unknown))
            {
                throw Invalid($"unknown scope '{unknown}'; supported: {string.Join(' ', OAuthScopes.Supported)}");
            }

            scope = scopes.Count > 0 ? OAuthScopes.Format(scopes) : null;
        }

        if (metadata.ApplicationType is { } appType && appType is not ("native" or "web"))
        {
            throw Invalid("application_type must be native or web");
        }

        var contacts = metadata.Contacts;
        if (contacts is not null && (contacts.Count > MaxContacts || contacts.Any(c => c.Length == 0 || c.Length > 320 || HasControl(c))))
        {
            throw Invalid($"contacts must hold at most {MaxContacts} e-mail addresses");
        }

        return new OAuthClient
        {
            ClientId = clientId,
            SecretHash = method == ClientAuthMethods.None ? null : newSecretHash(),
            TokenEndpointAuthMethod = method,
            RedirectUris = [.. redirectUris],
            GrantTypes = grantTypes.Distinct(StringComparer.Ordinal).ToArray(),
            ResponseTypes = ["code"],
            ClientName = Text(metadata.ClientName, "client_name", MaxRegisteredNameLength),
            ClientUri = WebUri(metadata.ClientUri, "client_uri"),
            LogoUri = WebUri(metadata.LogoUri, "logo_uri"),
            TosUri = WebUri(metadata.TosUri, "tos_uri"),
            PolicyUri = WebUri(metadata.PolicyUri, "policy_uri"),
            Contacts = contacts?.ToArray(),
            Scope = scope,
            SoftwareId = Text(metadata.SoftwareId, "software_id", MaxRegisteredShortTextLength),
            SoftwareVersion = Text(metadata.SoftwareVersion, "software_version", MaxRegisteredShortTextLength),
            ApplicationType = metadata.ApplicationType,
            CreatedAt = now,
        };
    }

    /// <summary>
    /// A client described by the client ID metadata document at <paramref name="url"/> (decision 0304):
    /// the document's metadata with the rules of a registration, public (<c>none</c>) only. Throws
    /// <see cref="OAuthException"/> (<c>invalid_client_metadata</c>, <c>invalid_redirect_uri</c>).
    /// </summary>
    public static OAuthClient FromMetadataDocument(string url, ClientMetadata metadata, DateTimeOffset fetchedAt)
    {
        if (metadata.TokenEndpointAuthMethod is { } method && method != ClientAuthMethods.None)
        {
            throw Invalid($"token_endpoint_auth_method must be none for a client ID metadata document (got '{method}')");
        }

        var client = Register(metadata with { TokenEndpointAuthMethod = ClientAuthMethods.None }, url,
            () => throw new InvalidOperationException("a metadata-document client has no secret"), fetchedAt);
        client.MetadataFetchedAt = fetchedAt;
        return client;
    }

    /// <summary>Takes the metadata of a newer fetch of this client's document (already validated into <paramref name="fetched"/>).</summary>
    public void UpdateFromMetadataDocument(OAuthClient fetched)
    {
        if (!IsMetadataDocumentClient || fetched.ClientId != ClientId || fetched.MetadataFetchedAt is not { } fetchedAt)
        {
            throw new InvalidOperationException("only a metadata-document client takes a newer fetch of its own document");
        }

        RedirectUris = fetched.RedirectUris;
        GrantTypes = fetched.GrantTypes;
        ResponseTypes = fetched.ResponseTypes;
        ClientName = fetched.ClientName;
        ClientUri = fetched.ClientUri;
        LogoUri = fetched.LogoUri;
        TosUri = fetched.TosUri;
        PolicyUri = fetched.PolicyUri;
        Contacts = fetched.Contacts;
        Scope = fetched.Scope;
        SoftwareId = fetched.SoftwareId;
        SoftwareVersion = fetched.SoftwareVersion;
        ApplicationType = fetched.ApplicationType;
        MetadataFetchedAt = fetchedAt;
    }

    /// <summary>The registered redirect URI <paramref name="requested"/> matches (see <see cref="RedirectUriPolicy.Matches"/>).</summary>
    public bool AllowsRedirectUri(string requested) => RedirectUris.Any(r => RedirectUriPolicy.Matches(r, requested));

    /// <summary>The scopes used when an authorization request names none: the registered MCP scopes, else all of them.</summary>
    public IReadOnlyList<string> DefaultScopes()
    {
        if (Scope is null)
        {
            return OAuthScopes.Resource;
        }

        var registered = OAuthScopes.Split(Scope).Where(s => s != OAuthScopes.OfflineAccess).ToArray();
        return registered.Length > 0 ? registered : OAuthScopes.Resource;
    }

    public bool AllowsGrant(string grantType) => GrantTypes.Contains(grantType, StringComparer.Ordinal);

    /// <summary>Constant-time comparison of the SHA-256 of a presented secret with the stored one.</summary>
    public bool SecretMatches(byte[] presentedHash) =>
        SecretHash is { } stored && CryptographicOperations.FixedTimeEquals(stored, presentedHash);

    /// <summary>The name the consent page shows.</summary>
    public string DisplayName => string.IsNullOrWhiteSpace(ClientName) ? ClientId : ClientName;

    private static List<string> ValidateRedirectUris(IReadOnlyList<string>? uris)
    {
        if (uris is null || uris.Count == 0)
        {
            throw new OAuthException(OAuthErrors.InvalidRedirectUri, "redirect_uris is required (at least one URI)");
        }

        if (uris.Count > MaxRedirectUris)
        {
            throw new OAuthException(OAuthErrors.InvalidRedirectUri, $"at most {MaxRedirectUris} redirect URIs may be registered");
        }

        var result = new List<string>(uris.Count);
        foreach (var uri in uris)
        {
            if (uri.Length > MaxRegisteredUriLength)
            {
                throw new OAuthException(OAuthErrors.InvalidRedirectUri, $"a redirect URI may be at most {MaxRegisteredUriLength} characters");
            }

            if (RedirectUriPolicy.Check(uri) is { } problem)
            {
                throw new OAuthException(OAuthErrors.InvalidRedirectUri, problem);
            }

            if (!result.Contains(uri, StringComparer.Ordinal))
            {
                result.Add(uri);
            }
        }

        return result;
    }

    private static string? Text(string? value, string field, int max)
    {
        if (value is null)
        {
            return null;
        }

        var trimmed = value.Trim();
        if (trimmed.Length > max || HasControl(trimmed))
        {
            throw Invalid($"{field} must be at most {max} characters of valid text without control or format characters");
        }

        return trimmed.Length == 0 ? null : trimmed;
    }

    private static string? WebUri(string? value, string field)
    {
        if (value is null)
        {
            return null;
        }

        if (value.Length > MaxRegisteredUriLength || !Uri.TryCreate(value, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp) || HasControl(value))
        {
            throw Invalid($"{field} must be an http(s) URL of at most {MaxRegisteredUriLength} characters");
        }

        return value;
    }

    /// <summary>Registration texts are shown on the consent page and to admins: the name rule (no NUL, no lone surrogate, no control or format character).</summary>
    private static bool HasControl(string value) => TextRules.NameProblem(value) is not null;

    private static OAuthException Invalid(string description) => new(OAuthErrors.InvalidClientMetadata, description);
}
