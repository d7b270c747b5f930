using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using Platform.Application.Common.Interfaces;
using Platform.Infrastructure.Persistence;

namespace Platform.Infrastructure.RateLimiting;

/// <summary>
/// <see cref="IRateLimiter"/> in PostgreSQL, on <c>platform.rate_limit_windows</c> (one row per limit,
/// key and fixed window), read with the previous window as a sliding-window estimate, so every node
/// counts in the same place. A hit is one statement (the upsert of the current window's row and the
/// read of the previous one); a <see cref="RateLimitPolicy.Reconciled"/> limit is counted by the
/// node's <see cref="RateLimitReconciler"/> instead, without a round trip. Expired windows are
/// deleted by <see cref="PlatformMaintenance"/>.
/// </summary>
internal sealed class PostgresRateLimiter(PlatformDbContext db, TimeProvider clock, RateLimitReconciler reconciler) : IRateLimiter
{
    /// <summary>The longest key stored as it is (the column's length); longer keys are stored hashed (<see cref="StoredKey"/>).</summary>
    public const int MaxKeyLength = 256;

    /// <summary>
    /// The key as stored: itself when it fits, else <c>sha256:</c> and its hex digest (a URL client id
    /// may be 512 characters; cutting it would let two clients with a long common prefix share a budget).
    /// </summary>
    public static string StoredKey(string key) =>
        key.Length <= MaxKeyLength
            ? key
            : "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key)));

    // A window's row lives for two windows: the next one still reads it for its estimate.
    private const string HitSql = """
        WITH hit AS (
            INSERT INTO platform.rate_limit_windows AS w (policy, key, window_start, hits, expires_at)
            VALUES ($1, $2, $3, 1, $4)
            ON CONFLICT (policy, key, window_start) DO UPDATE SET hits = w.hits + 1
            RETURNING w.hits)
        SELECT hit.hits,
               COALESCE((SELECT p.hits FROM platform.rate_limit_windows p WHERE p.policy = $1 AND p.key = $2 AND p.window_start = $5), 0)
        FROM hit
        """;

    private const string PeekSql = """
        SELECT COALESCE(MAX(hits) FILTER (WHERE window_start = $3), 0), COALESCE(MAX(hits) FILTER (WHERE window_start = $4), 0)
        FROM platform.rate_limit_windows WHERE policy = $1 AND key = $2 AND window_start IN ($3, $4)
        """;

    public async ValueTask<RateLimitResult> HitAsync(RateLimitPolicy policy, string key, CancellationToken cancellationToken)
    {
        if (policy.Reconciled)
        {
            return reconciler.Hit(policy, key);
        }

        var (now, start) = WindowOf(policy);
        var (current, previous) = await QueryAsync(HitSql, policy, key, start, cancellationToken, start + (2 * policy.Window.Ticks));
        var hits = SlidingWindow.Estimate(policy.Window, now, start, current, previous);
        return new RateLimitResult(hits <= policy.Limit, hits, TimeSpan.FromTicks(start + policy.Window.Ticks - now));
    }

    public async ValueTask<int> PeekAsync(RateLimitPolicy policy, string key, CancellationToken cancellationToken)
    {
        if (policy.Reconciled)
        {
            return reconciler.Peek(policy, key);
        }

        var (now, start) = WindowOf(policy);
        var (current, previous) = await QueryAsync(PeekSql, policy, key, start, cancellationToken);
        return SlidingWindow.Estimate(policy.Window, now, start, current, previous);
    }

    private (long Now, long Start) WindowOf(RateLimitPolicy policy)
    {
        var now = clock.GetUtcNow().UtcTicks;
        return (now, SlidingWindow.StartOf(now, policy.Window));
    }

    /// <summary>One statement: $1 policy, $2 key, $3 this window's start, then ($4 expiry, $5 previous start) or ($4 previous start).</summary>
    private async Task<(int Current, int Previous)> QueryAsync(
        string sql, RateLimitPolicy policy, string key, long start, CancellationToken cancellationToken, long? expires = null)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = new NpgsqlCommand(sql, connection)
            {
                Transaction = (NpgsqlTransaction?)db.Database.CurrentTransaction?.GetDbTransaction(),
            };
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = policy.Name });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = StoredKey(key) });
            command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = At(start) });
            if (expires is { } expiry)
            {
                command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = At(expiry) });
            }

            command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = At(start - policy.Window.Ticks) });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            return await reader.ReadAsync(cancellationToken) ? (reader.GetInt32(0), reader.GetInt32(1)) : (0, 0);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    internal static DateTimeOffset At(long utcTicks) => new(utcTicks, TimeSpan.Zero);
}
