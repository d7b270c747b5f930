namespace Platform.Application.Identity.OAuth;

/// <summary>
/// RFC 8707 resource indicators: a requested <c>resource</c> names the MCP endpoint when, normalised
/// (lower-case scheme and host, default port dropped, one trailing slash stripped), it equals the
/// server's resource. Clients differ in trailing slashes and case; the audience is always exact.
/// </summary>
public static class ResourceIndicator
{
    public static bool Matches(string requested, string resource) =>
        Normalize(requested) is { } a && Normalize(resource) is { } b && string.Equals(a, b, StringComparison.Ordinal);

    public static string? Normalize(string value)
    {
        if (value.Length > 2000 || value.Contains('#', StringComparison.Ordinal)
            || !Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || uri.UserInfo.Length > 0)
        {
            return null;
        }

        var normalized = uri.GetLeftPart(UriPartial.Path) + uri.Query;
        return normalized.EndsWith('/') ? normalized[..^1] : normalized;
    }
}
