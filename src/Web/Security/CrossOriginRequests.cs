using Platform.Web.Security.ApiTokens;

namespace Platform.Web.Security;

/// <summary>
/// What a browser says about where a request comes from. A cookie-authenticated write must come from
/// this server's own pages: a page elsewhere (another port of the same host is the same site, so the
/// Lax session cookie is sent) could otherwise make a signed-in browser call tools with a
/// <c>text/plain</c> body, which needs no CORS preflight. Agents send neither header and are unaffected.
/// </summary>
public static class CrossOriginRequests
{
    /// <summary>
    /// True when <c>Sec-Fetch-Site</c> is present and neither <c>same-origin</c> nor <c>none</c> (typed
    /// or bookmarked), or when <c>Origin</c> is present and is not this server's
    /// (<c>scheme://host[:port]</c> as the request reached it, after the forwarded-headers rules).
    /// </summary>
    public static bool IsCrossOrigin(HttpRequest request)
    {
        var site = request.Headers["Sec-Fetch-Site"].ToString();
        if (site.Length > 0 && !site.Equals("same-origin", StringComparison.OrdinalIgnoreCase) && !site.Equals("none", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var origin = request.Headers.Origin.ToString();
        return origin.Length > 0 && !string.Equals(origin, $"{request.Scheme}://{request.Host.Value}", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// True for a call that a session cookie would authenticate (the cookie is present and no bearer
    /// credential is attempted) and that comes from another origin: the writes decision 0500 refuses on
    /// <c>/mcp</c> and <c>/mcp/rpc</c>.
    /// </summary>
    public static bool IsCrossOriginCookieCall(HttpRequest request) =>
        HasSessionCookie(request) && !BearerCredential.IsAttempt(request.Headers.Authorization.FirstOrDefault()) && IsCrossOrigin(request);

    /// <summary>True when the request carries Platform's session cookie (and is therefore a browser session's, whoever sent it).</summary>
    public static bool HasSessionCookie(HttpRequest request) => request.Cookies.ContainsKey(SessionAuthenticationHandler.CookieName);
}
