using System.Collections.Concurrent;
using Platform.Application.Common.Interfaces;

namespace Platform.Infrastructure.Identity;

/// <summary>
/// Fixed one-minute window per key, starting at the key's first attempt; at most 10 attempts.
/// Kept in memory, so the limit holds per node (documented in docs/decisions).
/// </summary>
internal sealed class LoginRateLimiter(TimeProvider clock) : ILoginRateLimiter
{
    public const int MaxAttempts = 10;
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<string, Bucket> _buckets = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private DateTimeOffset _lastSweep;

    public bool TryAcquire(string? clientIp, string email)
    {
        var now = clock.GetUtcNow();
        var keys = new List<string>(2);
        if (!string.IsNullOrEmpty(clientIp))
        {
            keys.Add("ip:" + clientIp);
        }

        keys.Add("email:" + email);

        lock (_gate)
        {
            Sweep(now);
            foreach (var key in keys)
            {
                if (_buckets.TryGetValue(key, out var bucket) && now - bucket.Start < Window && bucket.Count >= MaxAttempts)
                {
                    return false;
                }
            }

            foreach (var key in keys)
            {
                _buckets[key] = _buckets.TryGetValue(key, out var bucket) && now - bucket.Start < Window
                    ? bucket with { Count = bucket.Count + 1 }
                    : new Bucket(now, 1);
            }

            return true;
        }
    }

    private void Sweep(DateTimeOffset now)
    {
        if (now - _lastSweep < Window)
        {
            return;
        }

        _lastSweep = now;
        foreach (var (key, bucket) in _buckets)
        {
            if (now - bucket.Start >= Window)
            {
                _buckets.TryRemove(key, out _);
            }
        }
    }

    private sealed record Bucket(DateTimeOffset Start, int Count);
}
