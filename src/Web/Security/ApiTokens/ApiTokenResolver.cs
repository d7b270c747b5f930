using System.Collections.Concurrent;
using System.Security.Cryptography;
using Platform.Application.Identity.ApiTokens;
using Platform.Application.Identity.Directory;
using Platform.Web.Security.Bearer;

namespace Platform.Web.Security.ApiTokens;

/// <summary>An API token that authenticated a request, and its (enabled) user.</summary>
public sealed record ResolvedApiToken(long TokenId, UserSummary User);

/// <summary>
/// Resolves an API token to its user without a database round trip on most requests. A node
/// remembers a token it found unrevoked for <see cref="Lifetime"/> (by its SHA-256; at most
/// <see cref="MaxEntries"/>, cleared when full) and checks it on every use against
/// <see cref="RevokedTokens"/>, the node's copy of <c>identity.token_revocations</c> polled every 2 s:
/// a token revoked by its user or an admin, or with all of its user's tokens (disable, password
/// reset), is refused on every node within about 2 s (decision 0302). After <see cref="Lifetime"/>
/// the token is read again, and a revoked one is no longer found. Unknown tokens are never
/// remembered. The user must be enabled (<see cref="ActiveUserCache"/>, 15 s). <c>last_used_at</c> is
/// written at most once per <see cref="ApiTokenLookup.LastUsedResolution"/> per token and node, best effort.
/// </summary>
public sealed partial class ApiTokenResolver(RevokedTokens revoked, ActiveUserCache activeUsers, TimeProvider clock, ILogger<ApiTokenResolver> logger)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(60);
    public const int MaxEntries = 10_000;

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>The token's id and user, or null when it is unknown, revoked, or its user is disabled or gone.</summary>
    public async ValueTask<ResolvedApiToken?> ResolveAsync(string token, IServiceProvider services, CancellationToken ct)
    {
        var hash = ApiTokenSecrets.Hash(token);
        var key = Convert.ToHexString(hash);
        var now = clock.GetUtcNow();
        if (!_entries.TryGetValue(key, out var entry) || entry.RememberedUntil <= now || !CryptographicOperations.FixedTimeEquals(entry.Hash, hash))
        {
            var found = await services.GetRequiredService<ApiTokenLookup>().FindActiveAsync(hash, ct);
            if (found is null)
            {
                _entries.TryRemove(key, out _);
                return null;
            }

            if (_entries.Count >= MaxEntries)
            {
                _entries.Clear();
            }

            entry = new Entry(found.Id, found.UserId, found.TokenHash, found.CreatedAt, now + Lifetime, found.LastUsedAt?.UtcTicks ?? 0);
            _entries[key] = entry;
        }

        if (revoked.IsApiTokenRevoked(entry.UserId, entry.TokenId, entry.CreatedAt))
        {
            _entries.TryRemove(key, out _);
            return null;
        }

        var user = await activeUsers.FindActiveAsync(entry.UserId, services.GetRequiredService<IUserDirectory>(), ct);
        if (user is null)
        {
            return null;
        }

        await TouchAsync(entry, services, now, ct);
        return new ResolvedApiToken(entry.TokenId, user);
    }

    /// <summary>Writes <c>last_used_at</c> when the last write this node knows of is older than the resolution; one request claims it.</summary>
    private async Task TouchAsync(Entry entry, IServiceProvider services, DateTimeOffset now, CancellationToken ct)
    {
        var last = Interlocked.Read(ref entry.LastUsedTicks);
        if (now.UtcTicks - last < ApiTokenLookup.LastUsedResolution.Ticks
            || Interlocked.CompareExchange(ref entry.LastUsedTicks, now.UtcTicks, last) != last)
        {
            return;
        }

        try
        {
            await services.GetRequiredService<ApiTokenLookup>().TouchAsync(entry.TokenId, now, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogTouchFailed(logger, entry.TokenId, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Recording the use of API token {TokenId} failed; the request goes on")]
    private static partial void LogTouchFailed(ILogger logger, long tokenId, Exception exception);

    private sealed class Entry(long tokenId, int userId, byte[] hash, DateTimeOffset createdAt, DateTimeOffset rememberedUntil, long lastUsedTicks)
    {
        public long TokenId { get; } = tokenId;

        public int UserId { get; } = userId;

        public byte[] Hash { get; } = hash;

        public DateTimeOffset CreatedAt { get; } = createdAt;

        public DateTimeOffset RememberedUntil { get; } = rememberedUntil;

        /// <summary>UTC ticks of the last <c>last_used_at</c> this node wrote or read (0: never used).</summary>
        public long LastUsedTicks = lastUsedTicks;
    }
}
