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

    /// <summary>
    /// The server's resource that the requested indicators name (null when none is requested), or an
    /// <c>invalid_target</c> description: an unknown resource, or two different ones (a token has one
    /// audience, decision 0106).
    /// </summary>
    public static (string? Resource, string? Error) Resolve(IReadOnlyList<string> requested, IOAuthServerSettings settings)
    {
        string? resolved = null;
        foreach (var value in requested)
        {
            var match = Matches(value, settings.Resource) ? settings.Resource
                : settings.BoardsResource is { } boards && Matches(value, boards) ? boards
                : null;
            if (match is null)
            {
                return (null, settings.BoardsResource is { } b
                    ? $"the resources served here are {settings.Resource} and {b}"
                    : $"the only resource served here is {settings.Resource}");
            }

            if (resolved is not null && resolved != match)
            {
                return (null, "a token is issued for one resource at a time");
            }

            resolved = match;
        }

        return (resolved, null);
    }

    /// <summary>The scopes that grant access to <paramref name="resource"/> (null: the default resource), without offline_access.</summary>
    public static IReadOnlyList<string> ScopesOf(string? resource, IOAuthServerSettings settings) =>
        resource is not null && resource == settings.BoardsResource ? Domain.Identity.OAuth.OAuthScopes.BoardsResource : Domain.Identity.OAuth.OAuthScopes.Resource;

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
