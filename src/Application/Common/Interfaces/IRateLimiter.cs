namespace Platform.Application.Common.Interfaces;

/// <summary>A limit: at most <see cref="Limit"/> hits per key in each fixed window of <see cref="Window"/>.</summary>
public sealed record RateLimitPolicy(string Name, int Limit, TimeSpan Window);

/// <summary>The outcome of one hit: allowed or not, the hits counted so far in the window, and when the window ends.</summary>
public readonly record struct RateLimitResult(bool Allowed, int Hits, TimeSpan RetryAfter);

/// <summary>
/// The node-shared rate limiter: every node of a deployment counts in the same store (PostgreSQL), so
/// a limit holds for the deployment, not per node. Hits are counted in fixed windows and read as a
/// sliding-window estimate (the previous window weighted by its overlap); a hit past the limit still counts.
/// </summary>
public interface IRateLimiter
{
    /// <summary>Counts one hit of <paramref name="key"/> in the current window of <paramref name="policy"/>.</summary>
    Task<RateLimitResult> HitAsync(RateLimitPolicy policy, string key, CancellationToken cancellationToken);

    /// <summary>The hits counted so far in the current window, without counting one.</summary>
    Task<int> PeekAsync(RateLimitPolicy policy, string key, CancellationToken cancellationToken);
}
