namespace Platform.Application.Common.Interfaces;

/// <summary>A limit: at most <see cref="Limit"/> hits per key in each fixed window of <see cref="Window"/>.</summary>
/// <param name="Name">The limit's name in the shared store (at most 64 characters).</param>
/// <param name="Limit">The hits allowed per key in a window (sliding estimate).</param>
/// <param name="Window">The window; at least one second for a <paramref name="Reconciled"/> limit.</param>
/// <param name="Reconciled">
/// Counted on each node and reconciled with the shared store every second (decision 0212): no database
/// round trip per hit, for hot paths such as tool calls, at the price of a bounded overshoot when
/// several nodes count the same key. Otherwise every hit is counted in the store at once (one round trip).
/// </param>
public sealed record RateLimitPolicy(string Name, int Limit, TimeSpan Window, bool Reconciled = false);

/// <summary>The outcome of one hit: allowed or not, the hits counted so far in the window, and how long to wait before another hit is allowed.</summary>
public readonly record struct RateLimitResult(bool Allowed, int Hits, TimeSpan RetryAfter);

/// <summary>
/// The node-shared rate limiter: every node of a deployment counts in the same store (PostgreSQL), so
/// a limit holds for the deployment, not per node. Hits are counted in fixed windows and read as a
/// sliding-window estimate (the previous window weighted by its overlap); a hit past the limit still counts.
/// A <see cref="RateLimitPolicy.Reconciled"/> limit is counted locally and reconciled every second.
/// </summary>
public interface IRateLimiter
{
    /// <summary>Counts one hit of <paramref name="key"/> in the current window of <paramref name="policy"/>.</summary>
    ValueTask<RateLimitResult> HitAsync(RateLimitPolicy policy, string key, CancellationToken cancellationToken);

    /// <summary>The hits counted so far in the current window, without counting one.</summary>
    ValueTask<int> PeekAsync(RateLimitPolicy policy, string key, CancellationToken cancellationToken);
}
