using System.Net;
using Platform.Web.Configuration;

namespace Platform.Web.Mcp.OAuthJsonRpc;

/// <summary>
/// DNS-rebinding protection and CORS for /api/mcp: a browser <c>Origin</c> must be the server's own
/// (BACKEND_URL's) or listed in MCP_ALLOWED_ORIGINS (<c>*</c> allows any); requests without an
/// Origin (native clients) pass. A loopback server (BACKEND_URL on <c>localhost</c>, <c>127.0.0.1</c>
/// or <c>[::1]</c>) also takes every loopback spelling of itself as its own origin (any of the three
/// names with BACKEND_URL's port, or with the port the request arrived on when it arrived on a
/// loopback address), and refuses a <c>Host</c> that is not a loopback name: a DNS-rebinding page
/// reaches it under a foreign name. Allowed origins get CORS headers that let browser clients
/// send the MCP headers and read the WWW-Authenticate challenge.
/// </summary>
public sealed class McpOriginPolicy
{
    public const string AllowedRequestHeaders = "Authorization, Content-Type, Accept, MCP-Protocol-Version, Mcp-Session-Id, Mcp-Method, Mcp-Name, Last-Event-ID";
    public const string ExposedHeaders = "WWW-Authenticate, MCP-Protocol-Version";

    private readonly HashSet<string> _allowed = new(StringComparer.Ordinal);
    private readonly bool _any;

    /// <summary>BACKEND_URL's scheme and port when it names a loopback host; otherwise null.</summary>
    private readonly (string Scheme, int Port)? _loopback;

    public McpOriginPolicy(PlatformOptions options)
    {
        if (Normalize(options.BackendUrl) is { } own)
        {
            _allowed.Add(own);
            var backend = new Uri(options.BackendUrl);
            if (IsLoopbackName(backend.Host))
            {
                _loopback = (backend.Scheme, backend.Port);
            }
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

    /// <summary>Whether <paramref name="origin"/> may call; <paramref name="arrivalPort"/> is the loopback port the request came in on.</summary>
    public bool IsAllowed(string origin, int? arrivalPort = null)
    {
        if (_any)
        {
            return true;
        }

        if (Normalize(origin) is not { } normalized)
        {
            return false;
        }

        return _allowed.Contains(normalized)
            || (_loopback is { } loopback && Uri.TryCreate(origin.Trim(), UriKind.Absolute, out var uri)
                && uri.Scheme == loopback.Scheme && IsLoopbackName(uri.Host) && IsOwnPort(uri.Port, arrivalPort));
    }

    /// <summary>
    /// False when the request carries a foreign Origin, or a foreign Host on a loopback server (the
    /// caller answers 403); otherwise true, with the CORS response headers set when there is an Origin.
    /// </summary>
    public bool Apply(HttpContext context) => Check(context) == Verdict.Allowed;

    /// <summary>The outcome of <see cref="Apply"/>, naming which header was refused.</summary>
    public Verdict Check(HttpContext context)
    {
        var arrivalPort = LoopbackArrivalPort(context.Connection);
        if (_loopback is not null && !IsOwnHost(context.Request.Host))
        {
            return Verdict.ForeignHost;
        }

        var origin = context.Request.Headers.Origin;
        if (origin.Count == 0)
        {
            return Verdict.Allowed;
        }

        if (origin.Count > 1 || !IsAllowed(origin[0] ?? "", arrivalPort))
        {
            return Verdict.ForeignOrigin;
        }

        var headers = context.Response.Headers;
        headers.AccessControlAllowOrigin = origin[0];
        headers.AccessControlExposeHeaders = ExposedHeaders;
        headers.Vary = "Origin";
        return Verdict.Allowed;
    }

    /// <summary>What <see cref="Check"/> decided.</summary>
    public enum Verdict
    {
        Allowed,
        ForeignOrigin,
        ForeignHost,
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

    /// <summary>The three loopback spellings MCP names: <c>localhost</c>, <c>127.0.0.1</c> and <c>[::1]</c> (with or without brackets).</summary>
    public static bool IsLoopbackName(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || host is "127.0.0.1" or "[::1]" or "::1";

    private bool IsOwnPort(int port, int? arrivalPort) => port == _loopback?.Port || port == arrivalPort;

    /// <summary>
    /// A Host of a loopback server: one of the loopback names, with any port. Rebinding needs a name
    /// the attacker controls, so the name is what counts; a port differing from the server's comes
    /// from a local proxy or port forwarding (or a Host without a port), never from a rebound page.
    /// </summary>
    private static bool IsOwnHost(HostString host) => host.HasValue && IsLoopbackName(host.Host);

    /// <summary>The local port of a connection that arrived on a loopback address; null otherwise (or without a connection, in-memory hosts).</summary>
    private static int? LoopbackArrivalPort(ConnectionInfo connection)
    {
        var local = connection.LocalIpAddress;
        if (local is null)
        {
            return null;
        }

        if (local.IsIPv4MappedToIPv6)
        {
            local = local.MapToIPv4();
        }

        return IPAddress.IsLoopback(local) ? connection.LocalPort : null;
    }
}
