using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;
using Platform.Application.Common.Interfaces;
using Platform.Infrastructure.Persistence;

namespace Platform.Infrastructure.RateLimiting;

/// <summary>
/// The node's side of a <see cref="RateLimitPolicy.Reconciled"/> limit (decision 0212): hits are
/// counted in memory and judged against the deployment's count as last read plus this node's hits
/// since, so a hit costs no database round trip. Every <see cref="Interval"/>, one statement adds
/// every key's unwritten hits to its window's row of <c>platform.rate_limit_windows</c> (a multi-row
/// upsert, in key order so that nodes never deadlock) and reads back each key's totals of the
/// current and the previous window, which include the other nodes' hits. A node therefore misses
/// at most what the other nodes counted since their last reconciliation and its own (about two
/// intervals): the overshoot bound of the decision. While the database is unreachable, nodes keep
/// counting locally and write their hits once it answers again.
/// </summary>
public sealed partial class RateLimitReconciler(IServiceScopeFactory scopes, TimeProvider clock, ILogger<RateLimitReconciler> logger) : BackgroundService
{
    /// <summary>How often each node writes its hits and reads the deployment's counts.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private const string ReconcileSql = """
        WITH input AS (
            SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::int[], $5::timestamptz[], $6::timestamptz[])
                AS i(policy, key, window_start, hits, expires_at, previous_start)),
        added AS (
            INSERT INTO platform.rate_limit_windows AS w (policy, key, window_start, hits, expires_at)
            SELECT policy, key, window_start, hits, expires_at FROM input WHERE hits > 0
            ORDER BY policy, key, window_start
            ON CONFLICT (policy, key, window_start) DO UPDATE SET hits = w.hits + excluded.hits
            RETURNING w.policy, w.key, w.window_start, w.hits)
        SELECT i.policy, i.key, i.window_start, COALESCE(a.hits, c.hits, 0), COALESCE(ap.hits, p.hits, 0)
        FROM input i
        LEFT JOIN added a ON a.policy = i.policy AND a.key = i.key AND a.window_start = i.window_start
        LEFT JOIN platform.rate_limit_windows c ON c.policy = i.policy AND c.key = i.key AND c.window_start = i.window_start
        LEFT JOIN added ap ON ap.policy = i.policy AND ap.key = i.key AND ap.window_start = i.previous_start
        LEFT JOIN platform.rate_limit_windows p ON p.policy = i.policy AND p.key = i.key AND p.window_start = i.previous_start
        """;

    private readonly ConcurrentDictionary<(string Policy, string Key), Counter> _counters = new();
    private readonly SemaphoreSlim _reconciling = new(1, 1);

    /// <summary>Counts one hit locally and judges it against the deployment's count as last known.</summary>
    internal RateLimitResult Hit(RateLimitPolicy policy, string key)
    {
        if (policy.Window < Interval)
        {
            throw new ArgumentException($"A reconciled limit needs a window of at least {Interval.TotalSeconds} s.", nameof(policy));
        }

        var now = clock.GetUtcNow().UtcTicks;
        var id = (policy.Name, PostgresRateLimiter.StoredKey(key));
        while (true)
        {
            var counter = _counters.GetOrAdd(id, static (_, window) => new Counter(window), policy.Window);
            lock (counter)
            {
                if (counter.Removed)
                {
                    continue; // evicted by a reconciliation in the meantime: count in its successor
                }

                counter.Roll(now);
                counter.Local++;
                counter.LastHit = now;
                var hits = SlidingWindow.Estimate(counter.Window, now, counter.Start, counter.Shared + counter.Local, counter.Previous);
                var allowed = hits <= policy.Limit;
                var retryAfter = allowed
                    ? TimeSpan.Zero
                    : SlidingWindow.RetryAfter(policy.Limit, counter.Window, now, counter.Start, counter.Shared + counter.Local, counter.Previous);
                return new RateLimitResult(allowed, hits, retryAfter);
            }
        }
    }

    /// <summary>The estimate as this node knows it, without counting a hit.</summary>
    internal int Peek(RateLimitPolicy policy, string key)
    {
        var now = clock.GetUtcNow().UtcTicks;
        if (!_counters.TryGetValue((policy.Name, PostgresRateLimiter.StoredKey(key)), out var counter))
        {
            return 0;
        }

        lock (counter)
        {
            counter.Roll(now);
            return SlidingWindow.Estimate(counter.Window, now, counter.Start, counter.Shared + counter.Local, counter.Previous);
        }
    }

    /// <summary>
    /// One reconciliation: writes every key's unwritten hits and reads back the deployment's counts, in
    /// one statement; forgets keys idle for two windows. Returns how many rows it sent.
    /// </summary>
    public async Task<int> ReconcileAsync(CancellationToken cancellationToken)
    {
        await _reconciling.WaitAsync(cancellationToken);
        try
        {
            var now = clock.GetUtcNow().UtcTicks;
            var batch = Collect(now);
            if (batch.Count == 0)
            {
                return 0;
            }

            try
            {
                var totals = await ExchangeAsync(batch, cancellationToken);
                foreach (var row in batch)
                {
                    if (totals.TryGetValue((row.Id.Policy, row.Id.Key, row.Start), out var total))
                    {
                        row.Counter.Apply(row.Start, total.Current, total.Previous);
                    }
                }
            }
            catch (Exception ex)
            {
                foreach (var row in batch)
                {
                    row.Counter.Restore(row.Start, row.Hits);
                }

                if (ex is OperationCanceledException)
                {
                    throw;
                }

                LogFailed(logger, ex);
            }

            return batch.Count;
        }
        finally
        {
            _reconciling.Release();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await ReconcileAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // shutting down: the last hits are written below
        }

        // The hits of the last interval count for the other nodes too.
        using var last = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await ReconcileAsync(last.Token);
        }
        catch (OperationCanceledException)
        {
            // the database did not answer in time: these few hits are lost
        }
    }

    private List<Row> Collect(long now)
    {
        var batch = new List<Row>(_counters.Count);
        foreach (var (id, counter) in _counters)
        {
            lock (counter)
            {
                counter.Roll(now);
                if (counter.PreviousUnsent > 0)
                {
                    // hits of a window that ended before they were written
                    batch.Add(new Row(id, counter, counter.Start - counter.Window.Ticks, counter.PreviousUnsent));
                    counter.PreviousUnsent = 0;
                }

                if (counter.Local == 0 && now - counter.LastHit > 2 * counter.Window.Ticks)
                {
                    counter.Removed = true;
                    _counters.TryRemove(new KeyValuePair<(string, string), Counter>(id, counter));
                    continue;
                }

                batch.Add(new Row(id, counter, counter.Start, counter.Local));
                counter.Shared += counter.Local; // in flight: judged as written, corrected by the answer
                counter.Local = 0;
            }
        }

        // Key order: concurrent upserts of several nodes then lock rows in the same order.
        batch.Sort(static (a, b) => (a.Id.Policy, a.Id.Key, a.Start).CompareTo((b.Id.Policy, b.Id.Key, b.Start)));
        return batch;
    }

    private async Task<Dictionary<(string Policy, string Key, long Start), (int Current, int Previous)>> ExchangeAsync(List<Row> batch, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = new NpgsqlCommand(ReconcileSql, connection);
            command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. batch.Select(r => r.Id.Policy)], NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. batch.Select(r => r.Id.Key)], NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            command.Parameters.Add(new NpgsqlParameter<DateTimeOffset[]> { TypedValue = [.. batch.Select(r => PostgresRateLimiter.At(r.Start))] });
            command.Parameters.Add(new NpgsqlParameter<int[]> { TypedValue = [.. batch.Select(r => r.Hits)] });
            command.Parameters.Add(new NpgsqlParameter<DateTimeOffset[]> { TypedValue = [.. batch.Select(r => PostgresRateLimiter.At(r.Start + (2 * r.Counter.Window.Ticks)))] });
            command.Parameters.Add(new NpgsqlParameter<DateTimeOffset[]> { TypedValue = [.. batch.Select(r => PostgresRateLimiter.At(r.Start - r.Counter.Window.Ticks))] });
            var totals = new Dictionary<(string, string, long), (int, int)>(batch.Count);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var start = reader.GetFieldValue<DateTimeOffset>(2).UtcTicks;
                totals[(reader.GetString(0), reader.GetString(1), start)] = (reader.GetInt32(3), reader.GetInt32(4));
            }

            return totals;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reconciling the rate-limit counts with the database failed; this node keeps counting locally and retries in a second.")]
    private static partial void LogFailed(ILogger logger, Exception exception);

    /// <summary>One row of a reconciliation: a key's window and the hits written to it.</summary>
    private sealed record Row((string Policy, string Key) Id, Counter Counter, long Start, int Hits);

    /// <summary>One key of one limit on this node; every member is read and written under its lock.</summary>
    private sealed class Counter(TimeSpan window)
    {
        public readonly TimeSpan Window = window;

        /// <summary>The start (UTC ticks) of the window counted in <see cref="Shared"/> and <see cref="Local"/>.</summary>
        public long Start = long.MinValue;

        /// <summary>The deployment's hits in this window as last read, plus this node's written since.</summary>
        public int Shared;

        /// <summary>This node's hits in this window not yet written.</summary>
        public int Local;

        /// <summary>The deployment's hits in the previous window, as far as this node knows them.</summary>
        public int Previous;

        /// <summary>This node's hits of the previous window not yet written (the window ended before a reconciliation).</summary>
        public int PreviousUnsent;

        public long LastHit;

        public bool Removed;

        /// <summary>Moves on to the window of <paramref name="now"/>: the current window becomes the previous one, or both are empty after a longer pause.</summary>
        public void Roll(long now)
        {
            var start = SlidingWindow.StartOf(now, Window);
            if (start == Start)
            {
                return;
            }

            var adjacent = start - Window.Ticks == Start;
            Previous = adjacent ? Shared + Local : 0;
            PreviousUnsent = adjacent ? Local : 0; // older unwritten hits no longer matter to any estimate
            Start = start;
            Shared = 0;
            Local = 0;
        }

        /// <summary>Takes the deployment's totals read for the window that starts at <paramref name="start"/>.</summary>
        public void Apply(long start, int current, int previous)
        {
            lock (this)
            {
                if (start == Start)
                {
                    Shared = current;
                    Previous = previous;
                }
                else if (start == Start - Window.Ticks)
                {
                    Previous = current + PreviousUnsent; // the window ended meanwhile
                }
            }
        }

        /// <summary>Takes back hits whose write failed, to write them with the next reconciliation.</summary>
        public void Restore(long start, int hits)
        {
            lock (this)
            {
                if (start == Start)
                {
                    Shared -= hits;
                    Local += hits;
                }
                else if (start == Start - Window.Ticks)
                {
                    PreviousUnsent += hits;
                }
            }
        }
    }
}
