namespace Platform.Domain.Identity.OAuth;

/// <summary>
/// What a user allowed a client for one protected resource: a later request for the same resource and
/// the same or fewer scopes needs no consent page.
/// </summary>
public sealed class OAuthConsent
{
    private OAuthConsent()
    {
    }

    public long Id { get; private set; }

    public int UserId { get; private set; }

    public long ClientId { get; private set; }

    /// <summary>
    /// The resource the consent is for: <see cref="DefaultResource"/> (empty) for the default resource
    /// /api/mcp (also every consent given before there were two), else the resource's URI.
    /// </summary>
    public string Resource { get; private set; } = DefaultResource;

    public string Scope { get; private set; } = "";

    public DateTimeOffset GrantedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public const string DefaultResource = "";

    public const int MaxResourceLength = 2000;

    public static OAuthConsent Grant(int userId, long clientId, string resource, IEnumerable<string> scopes, DateTimeOffset now) =>
        new() { UserId = userId, ClientId = clientId, Resource = resource, Scope = OAuthScopes.Format(scopes), GrantedAt = now, UpdatedAt = now };

    public bool Covers(IEnumerable<string> scopes) => OAuthScopes.IsSubsetOf(scopes, OAuthScopes.Split(Scope));

    /// <summary>Adds newly allowed scopes to what was allowed before.</summary>
    public void Extend(IEnumerable<string> scopes, DateTimeOffset now)
    {
        Scope = OAuthScopes.Format(OAuthScopes.Split(Scope).Concat(scopes));
        UpdatedAt = now;
    }
}
