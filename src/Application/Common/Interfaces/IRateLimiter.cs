namespace Platform.Application.Common.Interfaces;

/// <summary>A limit: at most <see cref="Limit"/> hits per key in each fixed window of <see cref="Window"/>.</summary>
public sealed record RateLimitPolicy(string Name, int Limit, TimeSpan Window);

/// <summary>The outcome of one hit: allowed or not, the hits counted so far in the window, and when the window ends.</summary>
public readonly record struct RateLimitResult(bool Allowed, int Hits, TimeSpan RetryAfter);

/// <summary>
/// The node-shared rate limiter: every node of a deployment counts in the same store (PostgreSQL), so
/// a limit holds for the deployment, not per node. Fixed windows; a hit past the limit still counts.
/// </summary>
public interface IRateLimiter
{
    Task<RateLimitResult> HitAsync(RateLimitPolicy policy, string key, CancellationToken cancellationToken);
}
