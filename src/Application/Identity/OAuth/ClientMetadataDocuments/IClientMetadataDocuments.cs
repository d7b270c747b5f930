using Platform.Domain.Identity.OAuth;

namespace Platform.Application.Identity.OAuth.ClientMetadataDocuments;

/// <summary>
/// A client ID metadata document looked up: the client it describes (validated, not stored), or the
/// OAuth error and description of why it cannot be used.
/// </summary>
public sealed record ClientMetadataDocumentLookup(OAuthClient? Client, string? Error, string? Description)
{
    /// <summary>No registered client and no metadata document has this client_id.</summary>
    public static readonly ClientMetadataDocumentLookup UnknownClient = Failed(OAuthErrors.InvalidClient, "unknown client_id");

    public static ClientMetadataDocumentLookup Failed(string error, string description) => new(null, error, description);
}

/// <summary>
/// Fetches, validates and caches client ID metadata documents (bounded, per node; one fetch in flight
/// per URL; safe against server-side request forgery). Infrastructure implements it.
/// </summary>
public interface IClientMetadataDocuments
{
    /// <summary>The client described by the document at <paramref name="url"/>, from the cache or fetched now.</summary>
    Task<ClientMetadataDocumentLookup> GetAsync(string url, CancellationToken ct);
}
