using System.Net;
using Platform.Application.Common.Interfaces;

namespace Platform.Web.Configuration;

/// <summary>
/// The environment-variable settings of architecture.md, read once at start-up.
/// </summary>
public sealed class PlatformOptions : IServerSettings
{
    public const string DefaultBackendUrl = "http://localhost:3001";

    /// <summary>Public base URL, no trailing slash (OAuth metadata, token audience, 401 challenge).</summary>
    public string BackendUrl { get; init; } = DefaultBackendUrl;

    /// <summary>Base URL of the authorization server whose /auth/jwks verifies bearer tokens.</summary>
    public string BetterAuthUrl { get; init; } = DefaultBackendUrl;

    public ServerMode Mode { get; init; } = ServerMode.Full;

    /// <summary>Proxies whose X-Forwarded-For / X-Forwarded-Proto are believed (loopback by default).</summary>
    public IReadOnlyList<string> TrustedProxies { get; init; } = [];

    public string? SigningKeyFile { get; init; }

    /// <summary>
    /// The key-ring protection of Data Protection (security review finding 9): a certificate (PFX, or
    /// PEM with its private key) whose key encrypts every new Data Protection key at rest, and the
    /// certificates of earlier rotations that may still decrypt older keys.
    /// </summary>
    public KeyRingProtection? KeyRingProtection { get; init; }

    /// <summary>Browser origins allowed to call /api/mcp besides the server's own.</summary>
    public IReadOnlyList<string> AllowedOrigins { get; init; } = [];

    public string Issuer => BetterAuthUrl + "/auth";

    public string McpResource => BackendUrl + "/api/mcp";

    /// <summary>The board tools' protected resource (decision 0106).</summary>
    public string BoardsMcpResource => BackendUrl + "/api/boards/mcp";

    public static PlatformOptions FromConfiguration(IConfiguration configuration)
    {
        var backend = Normalize(configuration["BACKEND_URL"]) ?? DefaultBackendUrl;
        var auth = Normalize(configuration["BETTER_AUTH_URL"]) ?? backend;
        var mode = string.Equals(configuration["SCRUMBOY_MODE"]?.Trim(), "anonymous", StringComparison.OrdinalIgnoreCase)
            ? ServerMode.Anonymous
            : ServerMode.Full;
        return new PlatformOptions
        {
            BackendUrl = backend,
            BetterAuthUrl = auth,
            Mode = mode,
            TrustedProxies = Split(configuration["TRUSTED_PROXIES"]),
            SigningKeyFile = configuration["AUTH_SIGNING_KEY_FILE"] is { Length: > 0 } f ? f : null,
            KeyRingProtection = configuration["DATA_PROTECTION_CERTIFICATE_FILE"] is { Length: > 0 } certificate
                ? new KeyRingProtection(certificate, configuration["DATA_PROTECTION_CERTIFICATE_PASSWORD"], Split(configuration["DATA_PROTECTION_PREVIOUS_CERTIFICATE_FILES"]))
                : null,
            AllowedOrigins = Split(configuration["MCP_ALLOWED_ORIGINS"]),
        };
    }

    private static string? Normalize(string? url)
    {
        url = url?.Trim();
        if (string.IsNullOrEmpty(url))
        {
            return null;
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != "http" && uri.Scheme != "https"))
        {
            throw new InvalidOperationException($"'{url}' is not an absolute http(s) URL.");
        }

        return url.TrimEnd('/');
    }

    private static string[] Split(string? value) =>
        (value ?? "").Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Parses the trusted-proxy list into addresses and networks ("10.0.0.0/8").</summary>
    public (IReadOnlyList<IPAddress> Addresses, IReadOnlyList<System.Net.IPNetwork> Networks) ParseTrustedProxies()
    {
        var addresses = new List<IPAddress>();
        var networks = new List<System.Net.IPNetwork>();
        foreach (var entry in TrustedProxies)
        {
            if (entry.Contains('/', StringComparison.Ordinal) && System.Net.IPNetwork.TryParse(entry, out var network))
            {
                networks.Add(network);
            }
            else if (IPAddress.TryParse(entry, out var address))
            {
                addresses.Add(address);
            }
            else
            {
                throw new InvalidOperationException($"TRUSTED_PROXIES: '{entry}' is neither an IP address nor a CIDR network.");
            }
        }

        return (addresses, networks);
    }
}

/// <summary>Where the certificate that protects the Data Protection key ring is (see <see cref="PlatformOptions.KeyRingProtection"/>).</summary>
public sealed record KeyRingProtection(string CertificateFile, string? Password, IReadOnlyList<string> PreviousCertificateFiles);
