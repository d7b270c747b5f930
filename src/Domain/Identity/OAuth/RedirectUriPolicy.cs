namespace Platform.Domain.Identity.OAuth;

/// <summary>
/// Which redirect URIs a client may register and how a requested one matches a registered one
/// (OAuth 2.1 §2.3.1 exact matching; RFC 8252 §7.1 private-use schemes and §7.3 loopback ports).
/// </summary>
public static class RedirectUriPolicy
{
    public const int MaxLength = 2000;

    private static readonly HashSet<string> LoopbackHosts = new(StringComparer.OrdinalIgnoreCase) { "localhost", "127.0.0.1", "[::1]" };

    // Schemes that execute, read local data or are not navigations back to an app.
    private static readonly HashSet<string> ForbiddenSchemes = new(StringComparer.OrdinalIgnoreCase)
    {
        "javascript", "data", "file", "vbscript", "about", "blob", "filesystem", "view-source",
        "mailto", "tel", "sms", "ftp", "ws", "wss", "urn", "jar", "intent",
    };

    /// <summary>Null when <paramref name="uri"/> may be registered, else the reason it may not.</summary>
    public static string? Check(string? uri)
    {
        if (string.IsNullOrEmpty(uri))
        {
            return "a redirect URI is empty";
        }

        if (uri.Length > MaxLength)
        {
            return "a redirect URI is too long";
        }

        foreach (var c in uri)
        {
            if (c <= ' ' || c >= 0x7f)
            {
                return "a redirect URI contains whitespace, control or non-ASCII characters";
            }
        }

        if (uri.Contains('#', StringComparison.Ordinal))
        {
            return "a redirect URI must not contain a fragment";
        }

        var colon = uri.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || !IsScheme(uri.AsSpan(0, colon)))
        {
            return $"'{uri}' is not an absolute URI";
        }

        var scheme = uri[..colon].ToLowerInvariant();
        if (ForbiddenSchemes.Contains(scheme))
        {
            return $"the scheme '{scheme}' is not allowed for redirect URIs";
        }

        if (!Uri.TryCreate(uri, UriKind.Absolute, out var parsed) || !string.Equals(parsed.Scheme, scheme, StringComparison.Ordinal))
        {
            return $"'{uri}' is not an absolute URI";
        }

        if (parsed.UserInfo.Length > 0 || Authority(uri).Contains('@', StringComparison.Ordinal))
        {
            return "a redirect URI must not contain user information";
        }

        switch (scheme)
        {
            case "https":
                return parsed.Host.Length == 0 ? $"'{uri}' has no host" : null;
            case "http":
                return LoopbackHosts.Contains(parsed.Host)
                    ? null
                    : "http redirect URIs are only allowed on loopback (localhost, 127.0.0.1, [::1]); use https";
            default:
                // A private-use scheme (RFC 8252 §7.1): cursor://…, vscode://…, com.example.app:/cb.
                return null;
        }
    }

    /// <summary>True for http URIs on localhost, 127.0.0.1 or [::1].</summary>
    public static bool IsLoopbackHttp(string uri) =>
        Uri.TryCreate(uri, UriKind.Absolute, out var parsed) && parsed.Scheme == Uri.UriSchemeHttp && LoopbackHosts.Contains(parsed.Host);

    /// <summary>
    /// A requested redirect URI matches a registered one when the strings are identical, or, for
    /// loopback http URIs, when everything but the port is (native apps pick a free port at run time).
    /// </summary>
    public static bool Matches(string registered, string requested)
    {
        if (string.Equals(registered, requested, StringComparison.Ordinal))
        {
            return true;
        }

        if (!IsLoopbackHttp(registered) || !IsLoopbackHttp(requested) || Check(requested) is not null)
        {
            return false;
        }

        var a = new Uri(registered);
        var b = new Uri(requested);
        return string.Equals(a.Host, b.Host, StringComparison.OrdinalIgnoreCase)
               && string.Equals(PathAndQuery(registered), PathAndQuery(requested), StringComparison.Ordinal);
    }

    /// <summary>The redirect's host as shown on the consent page (the scheme for hostless private-use URIs).</summary>
    public static string DisplayHost(string uri)
    {
        if (!Uri.TryCreate(uri, UriKind.Absolute, out var parsed))
        {
            return uri;
        }

        if (parsed.Host.Length > 0)
        {
            return parsed.Scheme is "http" or "https" ? parsed.Authority : parsed.Scheme + "://" + parsed.Host;
        }

        return parsed.Scheme + ":";
    }

    // The raw path and query after the authority, compared byte for byte (System.Uri would normalise).
    private static string PathAndQuery(string uri)
    {
        var start = uri.IndexOf("//", StringComparison.Ordinal) + 2;
        var slash = uri.IndexOfAny(['/', '?'], start);
        return slash < 0 ? "/" : uri[slash..];
    }

    private static string Authority(string uri)
    {
        var marker = uri.IndexOf("//", StringComparison.Ordinal);
        if (marker < 0)
        {
            return "";
        }

        var start = marker + 2;
        var end = uri.IndexOfAny(['/', '?', '#'], start);
        return end < 0 ? uri[start..] : uri[start..end];
    }

    private static bool IsScheme(ReadOnlySpan<char> scheme)
    {
        if (!char.IsAsciiLetter(scheme[0]))
        {
            return false;
        }

        foreach (var c in scheme)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '+' or '-' or '.'))
            {
                return false;
            }
        }

        return true;
    }
}
