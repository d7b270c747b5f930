using Platform.Web.Configuration;

namespace Platform.Web.Mcp.OAuthJsonRpc;

/// <summary>
/// DNS-rebinding protection and CORS for /api/mcp: a browser <c>Origin</c> must be the server's own
/// (BACKEND_URL's) or listed in MCP_ALLOWED_ORIGINS (<c>*</c> allows any); requests without an
/// Origin (native clients) pass. Allowed origins get CORS headers that let browser clients send
/// the MCP headers and read the WWW-Authenticate challenge.
/// </summary>
public sealed class McpOriginPolicy
{
    public const string AllowedRequestHeaders = "Authorization, Content-Type, Accept, MCP-Protocol-Version, Mcp-Session-Id, Mcp-Method, Mcp-Name, Last-Event-ID";
    public const string ExposedHeaders = "WWW-Authenticate, MCP-Protocol-Version";

    private readonly HashSet<string> _allowed = new(StringComparer.Ordinal);
    private readonly bool _any;

    public McpOriginPolicy(PlatformOptions options)
    {
        if (Normalize(options.BackendUrl) is { } own)
        {
            _allowed.Add(own);
        }

        foreach (var origin in options.AllowedOrigins)
        {
            if (origin == "*")
            {
                _any = true;
            }
            else if (Normalize(origin) is { } normalized)
            {
                _allowed.Add(normalized);
            }
        }
    }

    public bool IsAllowed(string origin) => _any || (Normalize(origin) is { } normalized && _allowed.Contains(normalized));

    /// <summary>
    /// False when the request carries a foreign Origin (the caller answers 403); otherwise true, with
    /// the CORS response headers set when there is an Origin.
    /// </summary>
    public bool Apply(HttpContext context)
    {
        var origin = context.Request.Headers.Origin;
        if (origin.Count == 0)
        {
            return true;
        }

        if (origin.Count > 1 || !IsAllowed(origin[0] ?? ""))
        {
            return false;
        }

        var headers = context.Response.Headers;
        headers.AccessControlAllowOrigin = origin[0];
        headers.AccessControlExposeHeaders = ExposedHeaders;
        headers.Vary = "Origin";
        return true;
    }

    /// <summary>scheme://host[:port], lower-case, default port omitted; null for "null" or anything not http(s).</summary>
    public static string? Normalize(string origin)
    {
        if (!Uri.TryCreate(origin.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            return null;
        }

        return uri.IsDefaultPort ? $"{uri.Scheme}://{uri.IdnHost}".ToLowerInvariant() : $"{uri.Scheme}://{uri.IdnHost}:{uri.Port}".ToLowerInvariant();
    }
}
