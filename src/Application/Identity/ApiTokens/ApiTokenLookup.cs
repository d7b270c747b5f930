using Microsoft.EntityFrameworkCore;

namespace Platform.Application.Identity.ApiTokens;

/// <summary>
/// The database side of authenticating with an API token: finding an unrevoked token by its hash,
/// and recording when it was last used (best effort, at most once per <see cref="LastUsedResolution"/>
/// per token and node: never a write per request).
/// </summary>
public sealed class ApiTokenLookup(IIdentityDbContext db)
{
    public static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    public Task<ActiveApiToken?> FindActiveAsync(byte[] tokenHash, CancellationToken ct) => db.FindActiveApiTokenAsync(tokenHash, ct);

    /// <summary>Sets <c>last_used_at</c> unless another request (or node) set it within the resolution already.</summary>
    public Task TouchAsync(long tokenId, DateTimeOffset now, CancellationToken ct)
    {
        var before = now - LastUsedResolution;
        return db.ApiTokens.Where(t => t.Id == tokenId && (t.LastUsedAt == null || t.LastUsedAt < before))
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.LastUsedAt, now), ct);
    }
}
