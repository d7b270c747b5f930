using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using Platform.Application.Common.Interfaces;
using Platform.Infrastructure.Persistence;

namespace Platform.Infrastructure.RateLimiting;

/// <summary>
/// <see cref="IRateLimiter"/> in PostgreSQL: one upsert per hit on <c>platform.rate_limit_windows</c>
/// (the row of the current fixed window), read with the previous window as a sliding-window estimate,
/// so every node counts in the same place. Expired windows are
/// deleted by <see cref="PlatformMaintenance"/>.
/// </summary>
internal sealed class PostgresRateLimiter(PlatformDbContext db, TimeProvider clock) : IRateLimiter
{
    // A window's row lives for two windows: the next one still reads it for its estimate.
    private const string HitSql = """
        INSERT INTO platform.rate_limit_windows (policy, key, window_start, hits, expires_at)
        VALUES ($1, $2, $3, 1, $4)
        ON CONFLICT (policy, key, window_start) DO UPDATE SET hits = rate_limit_windows.hits + 1
        RETURNING hits
        """;

    private const string PeekSql = "SELECT hits FROM platform.rate_limit_windows WHERE policy = $1 AND key = $2 AND window_start = $3";

    public async Task<RateLimitResult> HitAsync(RateLimitPolicy policy, string key, CancellationToken cancellationToken)
    {
        var (now, start, end) = WindowOf(policy);
        var current = await ScalarAsync(HitSql, policy, key, start, end + policy.Window, cancellationToken) ?? 0;
        var hits = Estimate(policy, now, start, current, await ScalarAsync(PeekSql, policy, key, start - policy.Window, end: null, cancellationToken) ?? 0);
        return new RateLimitResult(hits <= policy.Limit, hits, end - now);
    }

    public async Task<int> PeekAsync(RateLimitPolicy policy, string key, CancellationToken cancellationToken)
    {
        var (now, start, _) = WindowOf(policy);
        var current = await ScalarAsync(PeekSql, policy, key, start, end: null, cancellationToken) ?? 0;
        return Estimate(policy, now, start, current, await ScalarAsync(PeekSql, policy, key, start - policy.Window, end: null, cancellationToken) ?? 0);
    }

    /// <summary>
    /// The sliding-window estimate of the hits in the last <see cref="RateLimitPolicy.Window"/>: the
    /// current window's, plus the previous window's weighted by how much of it still lies within
    /// that span (rounded up), so a burst just before a window boundary still counts just after it.
    /// </summary>
    private static int Estimate(RateLimitPolicy policy, DateTimeOffset now, DateTimeOffset start, int current, int previous) =>
        current + (int)Math.Ceiling(previous * (1 - ((now - start).TotalMilliseconds / policy.Window.TotalMilliseconds)));

    private (DateTimeOffset Now, DateTimeOffset Start, DateTimeOffset End) WindowOf(RateLimitPolicy policy)
    {
        var now = clock.GetUtcNow();
        var windowTicks = policy.Window.Ticks;
        var start = new DateTimeOffset(now.UtcTicks / windowTicks * windowTicks, TimeSpan.Zero);
        return (now, start, start + policy.Window);
    }

    private async Task<int?> ScalarAsync(string sql, RateLimitPolicy policy, string key, DateTimeOffset start, DateTimeOffset? end, CancellationToken cancellationToken)
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
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = key.Length > 256 ? key[..256] : key });
            command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = start });
            if (end is { } expires)
            {
                command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = expires });
            }

            return await command.ExecuteScalarAsync(cancellationToken) is int hits ? hits : null;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
