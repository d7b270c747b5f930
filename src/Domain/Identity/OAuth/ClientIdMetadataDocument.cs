namespace Platform.Domain.Identity.OAuth;

/// <summary>
/// The rules of OAuth client ID metadata documents (draft-ietf-oauth-client-id-metadata-document,
/// MCP authorization 2025-11-25 and 2026-07-28; decision 0304): which <c>client_id</c> values name a
/// document, and what the fetched document must say.
/// </summary>
public static class ClientIdMetadataDocument
{
    /// <summary>The longest document URL accepted (and the width of the client_id column).</summary>
    public const int MaxUrlLength = 512;

    private static readonly HashSet<string> LoopbackHosts = new(StringComparer.OrdinalIgnoreCase) { "localhost", "127.0.0.1", "[::1]" };

    /// <summary>
    /// True when <paramref name="clientId"/> is meant as a document URL (it starts with <c>https://</c>
    /// or <c>http://</c>). Registered client ids are base64url and never do.
    /// </summary>
    public static bool IsUrlClientId(string clientId) =>
        clientId.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || clientId.StartsWith("http://", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Null when <paramref name="url"/> may name a metadata document, else why not: https (or, with
    /// <paramref name="allowHttpLoopback"/>, http on localhost, 127.0.0.1 or [::1]), a host, a path
    /// other than <c>/</c>, no dot segments, no fragment, no user information, printable ASCII.
    /// </summary>
    public static string? CheckUrl(string url, bool allowHttpLoopback)
    {
        if (url.Length > MaxUrlLength)
        {
            return $"a client_id URL may be at most {MaxUrlLength} characters";
        }

        if (url.Any(c => c <= ' ' || c >= 0x7f))
        {
            return "a client_id URL must be printable ASCII without spaces";
        }

        if (url.Contains('#', StringComparison.Ordinal))
        {
            return "a client_id URL must not contain a fragment";
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var parsed) || parsed.Host.Length == 0)
        {
            return "the client_id is not an absolute URL";
        }

        var scheme = url[..url.IndexOf(':', StringComparison.Ordinal)];
        if (scheme != Uri.UriSchemeHttps
            && !(allowHttpLoopback && scheme == Uri.UriSchemeHttp && LoopbackHosts.Contains(Authority(url).Host)))
        {
            return "a client_id URL must use https";
        }

        var (userInfo, _) = Authority(url);
        if (userInfo || parsed.UserInfo.Length > 0)
        {
            return "a client_id URL must not contain user information";
        }

        var path = RawPath(url);
        if (path.Length <= 1)
        {
            return "a client_id URL must have a path (e.g. https://app.example/client.json)";
        }

        if (path.Split('/').Any(segment => segment is "." or ".." || segment.Equals("%2e", StringComparison.OrdinalIgnoreCase)
                                               || segment.Equals("%2e%2e", StringComparison.OrdinalIgnoreCase)))
        {
            return "a client_id URL must not contain . or .. path segments";
        }

        return null;
    }

    /// <summary>
    /// Null when the fetched document may describe the client <paramref name="url"/>, else why not:
    /// its <c>client_id</c> equals the URL exactly, it names the client, and it carries no shared secret.
    /// The metadata itself is checked by <see cref="OAuthClient.FromMetadataDocument"/>.
    /// </summary>
    public static string? CheckDocument(string url, string? documentClientId, ClientMetadata metadata, bool hasClientSecret)
    {
        if (documentClientId is null)
        {
            return "the document has no client_id";
        }

        if (!string.Equals(documentClientId, url, StringComparison.Ordinal))
        {
            return "the document's client_id is not the URL it was fetched from";
        }

        if (string.IsNullOrWhiteSpace(metadata.ClientName))
        {
            return "the document has no client_name";
        }

        if (hasClientSecret)
        {
            return "a client ID metadata document must not contain a client_secret";
        }

        return null;
    }

    /// <summary>The host of a document URL, shown on the consent page next to the client's name.</summary>
    public static string Host(string url) => Uri.TryCreate(url, UriKind.Absolute, out var parsed) ? parsed.Authority : url;

    private static (bool UserInfo, string Host) Authority(string url)
    {
        var start = url.IndexOf("//", StringComparison.Ordinal);
        if (start < 0)
        {
            return (false, "");
        }

        start += 2;
        var end = url.IndexOfAny(['/', '?', '#'], start);
        var authority = end < 0 ? url[start..] : url[start..end];
        var at = authority.LastIndexOf('@');
        var hostPort = at >= 0 ? authority[(at + 1)..] : authority;
        var host = hostPort.StartsWith('[') ? hostPort[..(hostPort.IndexOf(']', StringComparison.Ordinal) + 1)] : hostPort.Split(':')[0];
        return (at >= 0, host);
    }

    private static string RawPath(string url)
    {
        var start = url.IndexOf("//", StringComparison.Ordinal) + 2;
        var slash = url.IndexOf('/', start);
        if (slash < 0)
        {
            return "";
        }

        var query = url.IndexOf('?', slash);
        return query < 0 ? url[slash..] : url[slash..query];
    }
}
