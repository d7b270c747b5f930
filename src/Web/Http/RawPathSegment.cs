using Microsoft.AspNetCore.Http.Features;

namespace Platform.Web.Http;

/// <summary>
/// A route value that may hold any text, read from the request target as the client sent it. Kestrel
/// decodes the path except <c>%2F</c>, and decodes <c>%25</c>, so a decoded route value cannot tell
/// an encoded slash from an encoded <c>%2F</c>. A URL client_id (decision 0304) percent-encoded into
/// one segment (<c>encodeURIComponent</c>, <c>Uri.EscapeDataString</c>) round-trips exactly this way.
/// </summary>
public static class RawPathSegment
{
    /// <summary>The request path's last segment, percent-decoded once; <paramref name="routeValue"/> when there is none.</summary>
    public static string Last(HttpContext context, string routeValue)
    {
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (string.IsNullOrEmpty(raw) || raw[0] != '/')
        {
            return routeValue;
        }

        var query = raw.IndexOf('?', StringComparison.Ordinal);
        var path = query < 0 ? raw : raw[..query];
        var segment = path[(path.LastIndexOf('/') + 1)..];
        return segment.Length == 0 ? routeValue : Uri.UnescapeDataString(segment);
    }
}
