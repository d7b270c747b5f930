using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Application.Identity.OAuth;
using Platform.Domain.Common;
using Platform.Domain.Identity.OAuth;
using Platform.Infrastructure.Persistence;

namespace Platform.Infrastructure.Security.Jwt;

/// <summary>
/// The authorization server's signing keys, with the database as the source of truth for every
/// node: an ES256 key is generated on first start (private part protected with Data Protection),
/// rotation retires it and generates the next, and the retired key stays published. Each node
/// caches the keys for <see cref="CacheLifetime"/> so signing never reads the database per token;
/// a node that has not noticed a rotation yet keeps signing with the previous key, which every
/// node still publishes. With <c>AUTH_SIGNING_KEY_FILE</c> that key signs instead and is
/// published first.
/// </summary>
internal sealed partial class DatabaseSigningKeyStore(
    IServiceScopeFactory scopes,
    IDataProtectionProvider dataProtection,
    TimeProvider clock,
    ConfiguredSigningKey configured,
    IOptions<OAuthTokenOptions> options,
    ILogger<DatabaseSigningKeyStore> logger)
    : ISigningKeyStore, ISigningKeyManager
{
    public static readonly TimeSpan DefaultCacheLifetime = TimeSpan.FromSeconds(30);

    /// <summary>Beyond an access token's lifetime, a retired key stays published this much longer (clock skew).</summary>
    public static readonly TimeSpan PublishMargin = TimeSpan.FromMinutes(5);

    private static readonly TimeSpan MinForcedRefreshInterval = TimeSpan.FromSeconds(5);
    private const long RotationLockId = 0x504c_4154_4b45_5953; // "PLATKEYS": serialises key creation across nodes
    private const int KeysConsidered = 10;

    private readonly IDataProtector _protector = dataProtection.CreateProtector("Platform.OAuth.SigningKeys.v1");
    private readonly SemaphoreSlim _refreshGate = new(1, 1);
    private readonly ConcurrentDictionary<string, SigningKey> _keys = new(StringComparer.Ordinal);
    private volatile Snapshot? _snapshot;
    private long _lastForcedRefresh;

    public TimeSpan CacheLifetime { get; set; } = DefaultCacheLifetime;

    /// <summary>A retired key stays published at least as long as a token it signed can live plus <see cref="PublishMargin"/> (65 minutes by default).</summary>
    public TimeSpan PublishAfterRetirement { get; } = options.Value.AccessTokenLifetime + PublishMargin;

    private SigningKey? FileKey => configured.Key;

    public async ValueTask<SigningKey> GetCurrentAsync(CancellationToken ct)
    {
        if (FileKey is { } file)
        {
            return file;
        }

        var snapshot = await GetSnapshotAsync(force: false, ct).ConfigureAwait(false);
        if (snapshot.Current is { } current)
        {
            return current;
        }

        if (snapshot.CurrentFailure is { } failure)
        {
            throw new InvalidOperationException(failure);
        }

        await CreateKeyAsync(retireCurrent: false, ct).ConfigureAwait(false);
        snapshot = await GetSnapshotAsync(force: true, ct).ConfigureAwait(false);
        return snapshot.Current ?? throw new InvalidOperationException(snapshot.CurrentFailure ?? "No current signing key.");
    }

    public async ValueTask<IReadOnlyList<SigningKey>> GetPublishedAsync(CancellationToken ct)
    {
        if (FileKey is null)
        {
            await GetCurrentAsync(ct).ConfigureAwait(false); // the first start creates the first key
        }

        var snapshot = await GetSnapshotAsync(force: false, ct).ConfigureAwait(false);
        return FileKey is { } file ? [file, .. snapshot.Published.Where(k => k.KeyId != file.KeyId)] : snapshot.Published;
    }

    /// <summary>A published key by kid; an unknown kid reloads the keys (at most every few seconds) before giving up.</summary>
    public async ValueTask<SigningKey?> FindPublishedAsync(string? keyId, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(keyId) || keyId.Length > OAuthSigningKey.MaxKeyIdLength)
        {
            return null;
        }

        var found = (await GetPublishedAsync(ct).ConfigureAwait(false)).FirstOrDefault(k => k.KeyId == keyId);
        if (found is not null)
        {
            return found;
        }

        var last = Interlocked.Read(ref _lastForcedRefresh);
        if (last != 0 && clock.GetElapsedTime(last) < MinForcedRefreshInterval)
        {
            return null;
        }

        Interlocked.Exchange(ref _lastForcedRefresh, clock.GetTimestamp());
        await GetSnapshotAsync(force: true, ct).ConfigureAwait(false);
        return (await GetPublishedAsync(ct).ConfigureAwait(false)).FirstOrDefault(k => k.KeyId == keyId);
    }

    public async Task<SigningKeyDto> RotateAsync(CancellationToken ct)
    {
        if (FileKey is not null)
        {
            throw new ConflictException("the signing key is set by AUTH_SIGNING_KEY_FILE; replace that file and restart to rotate");
        }

        var key = await CreateKeyAsync(retireCurrent: true, ct).ConfigureAwait(false)
            ?? throw new InvalidOperationException("Rotation created no key.");
        LogRotated(logger, key.KeyId);
        await GetSnapshotAsync(force: true, ct).ConfigureAwait(false);
        return (await ListAsync(ct).ConfigureAwait(false)).First(k => k.KeyId == key.KeyId);
    }

    public async Task<IReadOnlyList<SigningKeyDto>> ListAsync(CancellationToken ct)
    {
        List<OAuthSigningKey> rows;
        using (var scope = scopes.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
            rows = await db.OAuthSigningKeys.AsNoTracking().OrderByDescending(k => k.CreatedAt).ToListAsync(ct).ConfigureAwait(false);
        }

        var published = (await GetPublishedAsync(ct).ConfigureAwait(false)).Select(k => k.KeyId).ToHashSet(StringComparer.Ordinal);
        var result = new List<SigningKeyDto>();
        if (FileKey is { } file)
        {
            result.Add(new SigningKeyDto(file.KeyId, file.Algorithm, "current", "file", true, null, null));
        }

        foreach (var row in rows.Where(r => FileKey is null || r.Id != FileKey.KeyId))
        {
            var status = row.IsCurrent && FileKey is null ? "current" : published.Contains(row.Id) ? "previous" : "retired";
            result.Add(new SigningKeyDto(row.Id, row.Algorithm, status, "database", published.Contains(row.Id), row.CreatedAt, row.RetiredAt));
        }

        return result;
    }

    /// <summary>Creates a new current key under a database-wide lock; null when only a first key was wanted and one exists.</summary>
    private async Task<SigningKey?> CreateKeyAsync(bool retireCurrent, CancellationToken ct)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(ct).ConfigureAwait(false);
        await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock({0})", [RotationLockId], ct).ConfigureAwait(false);

        var now = clock.GetUtcNow();
        var current = await db.OAuthSigningKeys.Where(k => k.IsCurrent).ToListAsync(ct).ConfigureAwait(false);
        if (!retireCurrent && current.Count > 0)
        {
            // Another node created the first key while this one waited for the lock.
            await transaction.CommitAsync(ct).ConfigureAwait(false);
            return null;
        }

        foreach (var key in current)
        {
            key.Retire(now);
        }

        await db.SaveChangesAsync(ct).ConfigureAwait(false);

        var created = SigningKey.GenerateEs256();
        db.OAuthSigningKeys.Add(OAuthSigningKey.Create(
            created.KeyId, created.Algorithm, JsonSerializer.Serialize(created.ToPublicJwk()), _protector.Protect(created.ExportPrivateKeyPem()), now));
        await db.SaveChangesAsync(ct).ConfigureAwait(false);
        await transaction.CommitAsync(ct).ConfigureAwait(false);

        _keys[created.KeyId] = created;
        return created;
    }

    private async Task<Snapshot> GetSnapshotAsync(bool force, CancellationToken ct)
    {
        var seen = _snapshot;
        if (!force && seen is not null && clock.GetElapsedTime(seen.LoadedAt) < CacheLifetime)
        {
            return seen;
        }

        await _refreshGate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var latest = _snapshot;
            if (latest is not null && !ReferenceEquals(latest, seen))
            {
                return latest; // another caller refreshed while this one waited
            }

            var snapshot = await LoadAsync(ct).ConfigureAwait(false);
            _snapshot = snapshot;
            return snapshot;
        }
        finally
        {
            _refreshGate.Release();
        }
    }

    private async Task<Snapshot> LoadAsync(CancellationToken ct)
    {
        var loadedAt = clock.GetTimestamp();
        List<OAuthSigningKey> rows;
        using (var scope = scopes.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
            rows = await db.OAuthSigningKeys.AsNoTracking()
                .OrderByDescending(k => k.IsCurrent).ThenByDescending(k => k.RetiredAt).ThenByDescending(k => k.CreatedAt)
                .Take(KeysConsidered).ToListAsync(ct).ConfigureAwait(false);
        }

        var now = clock.GetUtcNow();
        SigningKey? current = null;
        string? failure = null;
        var published = new List<SigningKey>();
        if (rows.FirstOrDefault(r => r.IsCurrent) is { } currentRow)
        {
            if (FileKey is null)
            {
                try
                {
                    current = LoadPrivate(currentRow);
                }
                catch (CryptographicException ex)
                {
                    failure = $"The current signing key {currentRow.Id} cannot be decrypted (is the Data Protection key ring in identity.data_protection_keys complete?). Rotate the signing key to recover.";
                    LogUndecryptable(logger, ex, currentRow.Id);
                }
            }

            published.Add(current ?? LoadPublic(currentRow));
        }

        var retired = rows.Where(r => !r.IsCurrent && r.RetiredAt is not null).ToList();
        for (var i = 0; i < retired.Count; i++)
        {
            // The previous key is always published; older ones while tokens they signed may still be alive.
            if (i == 0 || now - retired[i].RetiredAt!.Value < PublishAfterRetirement)
            {
                published.Add(LoadPublic(retired[i]));
            }
        }

        return new Snapshot(current, failure, published, loadedAt);
    }

    private SigningKey LoadPrivate(OAuthSigningKey row)
    {
        if (_keys.TryGetValue(row.Id, out var cached) && cached.HasPrivateKey)
        {
            return cached;
        }

        var key = SigningKey.FromPem(_protector.Unprotect(row.ProtectedPrivateKey), row.Id);
        _keys[row.Id] = key;
        return key;
    }

    private SigningKey LoadPublic(OAuthSigningKey row)
    {
        if (_keys.TryGetValue(row.Id, out var cached))
        {
            return cached;
        }

        var jwk = JsonSerializer.Deserialize<JsonWebKey>(row.PublicJwk) ?? throw new InvalidOperationException($"Signing key {row.Id} has no public JWK.");
        var key = SigningKey.FromPublicJwk(jwk) ?? throw new InvalidOperationException($"Signing key {row.Id} has an unusable public JWK.");
        _keys[row.Id] = key;
        return key;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Signing key rotated; the new current key is {KeyId}")]
    private static partial void LogRotated(ILogger logger, string keyId);

    [LoggerMessage(Level = LogLevel.Error, Message = "The current signing key {KeyId} cannot be decrypted with the Data Protection key ring")]
    private static partial void LogUndecryptable(ILogger logger, Exception exception, string keyId);

    private sealed record Snapshot(SigningKey? Current, string? CurrentFailure, IReadOnlyList<SigningKey> Published, long LoadedAt);
}

/// <summary>The key from <c>AUTH_SIGNING_KEY_FILE</c> (null when the variable is not set), loaded once at start-up.</summary>
public sealed class ConfiguredSigningKey(SigningKey? key)
{
    public SigningKey? Key { get; } = key;

    /// <summary>Loads the PEM at <paramref name="path"/>; a missing, unreadable or unusable file stops start-up with a clear message.</summary>
    public static ConfiguredSigningKey Load(string? path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            return new ConfiguredSigningKey(null);
        }

        string pem;
        try
        {
            pem = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new InvalidOperationException($"AUTH_SIGNING_KEY_FILE: cannot read '{path}': {ex.Message}", ex);
        }

        try
        {
            var key = SigningKey.FromPem(pem);
            key.Sign([0]); // a PEM holding only a public key imports, but cannot sign
            return new ConfiguredSigningKey(key);
        }
        catch (CryptographicException ex)
        {
            throw new InvalidOperationException(
                $"AUTH_SIGNING_KEY_FILE: '{path}' is not a usable signing key ({ex.Message}). Use a PEM private key: EC P-256 (ES256) or RSA with at least 2048 bits (RS256).", ex);
        }
    }
}

/// <summary>
/// The bearer handler's key lookup when this process is the issuer (BETTER_AUTH_URL = BACKEND_URL):
/// kid → published key, straight from the signing-key store (no HTTP round trip to our own JWKS).
/// </summary>
internal sealed class LocalVerificationKeyProvider(DatabaseSigningKeyStore store) : IVerificationKeyProvider
{
    public ValueTask<SigningKey?> FindAsync(string? keyId, CancellationToken ct) => store.FindPublishedAsync(keyId, ct);
}
