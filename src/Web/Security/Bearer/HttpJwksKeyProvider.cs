using System.Net.Http.Headers;
using System.Text.Json;
using Platform.Infrastructure.Security.Jwt;
using Platform.Web.Configuration;

namespace Platform.Web.Security.Bearer;

/// <summary>
/// The verification keys of a remote issuer, read from its JWKS (<c>{BETTER_AUTH_URL}/auth/jwks</c>).
/// Keys are cached: a token with an unknown <c>kid</c> triggers one refetch, but refetches are at least
/// <see cref="MinRefetchInterval"/> apart, so a stream of garbage key ids cannot hammer the issuer; a
/// cached set older than <see cref="MaxKeySetAge"/> is refreshed on use (so removed keys stop working).
/// Never one fetch per request; a failed fetch keeps the previous keys.
/// </summary>
public sealed partial class HttpJwksKeyProvider : IVerificationKeyProvider
{
    public const string HttpClientName = "jwks";
    public const int MaxJwksBytes = 64 * 1024;

    public static readonly TimeSpan MinRefetchInterval = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan MaxKeySetAge = TimeSpan.FromMinutes(15);

    private static readonly JsonSerializerOptions StrictJson = new(JsonSerializerDefaults.Web) { AllowDuplicateProperties = false, MaxDepth = 8 };

    private readonly IHttpClientFactory _httpClients;
    private readonly TimeProvider _clock;
    private readonly ILogger<HttpJwksKeyProvider> _logger;
    private readonly SemaphoreSlim _fetchLock = new(1, 1);
    private volatile KeySet? _keys;
    private DateTimeOffset? _lastAttempt;

    public HttpJwksKeyProvider(IHttpClientFactory httpClients, PlatformOptions options, TimeProvider clock, ILogger<HttpJwksKeyProvider> logger)
    {
        _httpClients = httpClients;
        _clock = clock;
        _logger = logger;
        JwksUri = new Uri(options.Issuer + "/jwks");
    }

    public Uri JwksUri { get; }

    public async ValueTask<SigningKey?> FindAsync(string? keyId, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(keyId))
        {
            return null;
        }

        var keys = _keys;
        if (keys is not null && keys.TryGet(keyId, out var cached))
        {
            if (_clock.GetUtcNow() - keys.FetchedAt < MaxKeySetAge)
            {
                return cached;
            }

            // Stale: refresh (rate-limited); if the issuer is unreachable the old set stays in use.
            keys = await RefreshAsync(ct);
            return keys is not null && keys.TryGet(keyId, out var refreshed) ? refreshed : null;
        }

        // Unknown key id (a rotation, or garbage): at most one refetch, and only if none happened lately.
        keys = await RefreshAsync(ct);
        return keys is not null && keys.TryGet(keyId, out var found) ? found : null;
    }

    private async Task<KeySet?> RefreshAsync(CancellationToken ct)
    {
        await _fetchLock.WaitAsync(ct);
        try
        {
            var now = _clock.GetUtcNow();
            if (_lastAttempt is { } last && now - last < MinRefetchInterval)
            {
                return _keys;
            }

            _lastAttempt = now;
            var fetched = await FetchAsync(now, ct);
            if (fetched is not null)
            {
                _keys = fetched;
            }

            return _keys;
        }
        finally
        {
            _fetchLock.Release();
        }
    }

    private async Task<KeySet?> FetchAsync(DateTimeOffset now, CancellationToken ct)
    {
        try
        {
            using var client = _httpClients.CreateClient(HttpClientName);
            using var request = new HttpRequestMessage(HttpMethod.Get, JwksUri);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            if (!response.IsSuccessStatusCode)
            {
                LogFetchFailed(_logger, JwksUri, $"HTTP {(int)response.StatusCode}");
                return null;
            }

            if (response.Content.Headers.ContentLength > MaxJwksBytes)
            {
                LogFetchFailed(_logger, JwksUri, "document too large");
                return null;
            }

            var body = await ReadBoundedAsync(await response.Content.ReadAsStreamAsync(ct), ct);
            if (body is null)
            {
                LogFetchFailed(_logger, JwksUri, "document too large");
                return null;
            }

            var set = JsonSerializer.Deserialize<JsonWebKeySet>(body, StrictJson);
            if (set?.Keys is null)
            {
                LogFetchFailed(_logger, JwksUri, "no keys member");
                return null;
            }

            var keys = new Dictionary<string, SigningKey>(StringComparer.Ordinal);
            foreach (var jwk in set.Keys)
            {
                if (jwk is not null && SigningKey.FromPublicJwk(jwk) is { } key)
                {
                    keys.TryAdd(key.KeyId, key);
                }
            }

            LogFetched(_logger, JwksUri, keys.Count);
            return new KeySet(keys, now);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException or OperationCanceledException or IOException or NotSupportedException)
        {
            LogFetchFailed(_logger, JwksUri, ex.GetType().Name);
            return null;
        }
    }

    private static async Task<byte[]?> ReadBoundedAsync(Stream stream, CancellationToken ct)
    {
        await using (stream)
        {
            using var buffer = new MemoryStream();
            var chunk = new byte[8192];
            int read;
            while ((read = await stream.ReadAsync(chunk, ct)) > 0)
            {
                if (buffer.Length + read > MaxJwksBytes)
                {
                    return null;
                }

                buffer.Write(chunk, 0, read);
            }

            return buffer.ToArray();
        }
    }

    private sealed class KeySet(Dictionary<string, SigningKey> keys, DateTimeOffset fetchedAt)
    {
        public DateTimeOffset FetchedAt { get; } = fetchedAt;

        public bool TryGet(string keyId, out SigningKey key) => keys.TryGetValue(keyId, out key!);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not refresh the issuer's keys from {JwksUri}: {Reason}")]
    private static partial void LogFetchFailed(ILogger logger, Uri jwksUri, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded {Count} verification key(s) from {JwksUri}")]
    private static partial void LogFetched(ILogger logger, Uri jwksUri, int count);
}
