namespace Platform.Application.Identity.OAuth.ClientMetadataDocuments;

/// <summary>
/// Client ID metadata documents (decision 0304), bound from <c>OAuth:ClientMetadataDocuments</c>
/// (<c>OAuth__ClientMetadataDocuments__Enabled=true</c>, …): whether an https <c>client_id</c> is
/// fetched, and the bounds of the fetch and of each node's in-memory cache.
/// </summary>
public sealed class ClientMetadataDocumentOptions
{
    public const string Section = "OAuth:ClientMetadataDocuments";

    /// <summary>Accept URL client ids (and say so in the metadata: <c>client_id_metadata_document_supported</c>).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Tests and development only: also accept <c>http://</c> document URLs on localhost, 127.0.0.1
    /// and [::1], and let the fetch connect to loopback addresses. Refused in Production.
    /// </summary>
    public bool AllowHttpLoopback { get; set; }

    /// <summary>A document is kept at least this long, whatever its caching headers say.</summary>
    public TimeSpan MinCacheLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>A document is kept at most this long, whatever its caching headers say.</summary>
    public TimeSpan MaxCacheLifetime { get; set; } = TimeSpan.FromHours(24);

    /// <summary>A failed fetch or an invalid document is answered from the cache this long before the next try.</summary>
    public TimeSpan FailureCacheLifetime { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Documents (and remembered failures) each node keeps at most.</summary>
    public int MaxCachedDocuments { get; set; } = 1000;

    /// <summary>The largest document read, in bytes; a longer answer is a failure.</summary>
    public int MaxDocumentBytes { get; set; } = 5 * 1024;

    /// <summary>The whole fetch (resolve, connect, TLS, headers, body) must finish within this.</summary>
    public TimeSpan FetchTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Why these options cannot be used, or null when they can.</summary>
    public string? Problem(bool production) =>
        AllowHttpLoopback && production
            ? "OAuth:ClientMetadataDocuments:AllowHttpLoopback is for tests and development; it is refused in Production"
        : MinCacheLifetime <= TimeSpan.Zero || MaxCacheLifetime < MinCacheLifetime
            ? "OAuth:ClientMetadataDocuments: MinCacheLifetime must be more than 0 and at most MaxCacheLifetime"
        : FailureCacheLifetime < TimeSpan.Zero
            ? "OAuth:ClientMetadataDocuments:FailureCacheLifetime must not be negative"
        : MaxCachedDocuments < 1
            ? "OAuth:ClientMetadataDocuments:MaxCachedDocuments must be at least 1"
        : MaxDocumentBytes is < 256 or > 1024 * 1024
            ? "OAuth:ClientMetadataDocuments:MaxDocumentBytes must be between 256 and 1048576"
        : FetchTimeout <= TimeSpan.Zero || FetchTimeout > TimeSpan.FromMinutes(1)
            ? "OAuth:ClientMetadataDocuments:FetchTimeout must be more than 0 and at most one minute"
        : null;
}
