namespace Platform.Domain.Identity.OAuth;

/// <summary>What a user allowed a client: a later request for the same or fewer scopes needs no consent page.</summary>
public sealed class OAuthConsent
{
    private OAuthConsent()
    {
    }

    public long Id { get; private set; }

    public int UserId { get; private set; }

    public long ClientId { get; private set; }

    public string Scope { get; private set; } = "";

    public DateTimeOffset GrantedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public static OAuthConsent Grant(int userId, long clientId, IEnumerable<string> scopes, DateTimeOffset now) =>
        new() { UserId = userId, ClientId = clientId, Scope = OAuthScopes.Format(scopes), GrantedAt = now, UpdatedAt = now };

    public bool Covers(IEnumerable<string> scopes) => OAuthScopes.IsSubsetOf(scopes, OAuthScopes.Split(Scope));

    /// <summary>Adds newly allowed scopes to what was allowed before.</summary>
    public void Extend(IEnumerable<string> scopes, DateTimeOffset now)
    {
        Scope = OAuthScopes.Format(OAuthScopes.Split(Scope).Concat(scopes));
        UpdatedAt = now;
    }
}
