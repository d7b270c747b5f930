using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using Platform.Application.Common.Interfaces;
using Platform.Infrastructure.Persistence;

namespace Platform.Infrastructure.RateLimiting;

/// <summary>
/// <see cref="IRateLimiter"/> in PostgreSQL: one upsert per hit on <c>platform.rate_limit_windows</c>
/// (the row of the current fixed window), so every node counts in the same place. Expired windows are
/// deleted by <see cref="PlatformMaintenance"/>.
/// </summary>
internal sealed class PostgresRateLimiter(PlatformDbContext db, TimeProvider clock) : IRateLimiter
{
    private const string HitSql = """
        INSERT INTO platform.rate_limit_windows (policy, key, window_start, hits, expires_at)
        VALUES ($1, $2, $3, 1, $4)
        ON CONFLICT (policy, key, window_start) DO UPDATE SET hits = rate_limit_windows.hits + 1
        RETURNING hits
        """;

    public async Task<RateLimitResult> HitAsync(RateLimitPolicy policy, string key, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var windowTicks = policy.Window.Ticks;
        var start = new DateTimeOffset(now.UtcTicks / windowTicks * windowTicks, TimeSpan.Zero);
        var end = start + policy.Window;
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = new NpgsqlCommand(HitSql, connection)
            {
                Transaction = (NpgsqlTransaction?)db.Database.CurrentTransaction?.GetDbTransaction(),
            };
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = policy.Name });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = key.Length > 256 ? key[..256] : key });
            command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = start });
            command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = end });
            var hits = (int)(await command.ExecuteScalarAsync(cancellationToken))!;
            return new RateLimitResult(hits <= policy.Limit, hits, end - now);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
