using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Platform.Application.Common.Interfaces;
using Platform.Infrastructure.RateLimiting;
using Platform.IntegrationTests.Support;

namespace Platform.IntegrationTests.Persistence;

/// <summary>
/// The per-node counting of reconciled limits (decision 0212) against a real database, with a manual
/// clock and two reconcilers standing for two nodes: nothing is written until a reconciliation, which
/// writes every key in one statement and reads the deployment's totals back; hits of a window that
/// ended meanwhile go to that window; hits whose write failed are written by the next reconciliation.
/// </summary>
public sealed class RateLimitReconcilerTests
{
    private static readonly DateTimeOffset Start = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static int _policies;

    private PlatformApp _app = null!;

    [OneTimeSetUp]
    public void StartApp() => _app = new PlatformApp();

    [OneTimeTearDown]
    public async Task StopAppAsync() => await _app.DisposeAsync();

    private static RateLimitPolicy NewPolicy(int limit, int windowSeconds = 60) =>
        new($"test.reconciled.{Interlocked.Increment(ref _policies)}", limit, TimeSpan.FromSeconds(windowSeconds), Reconciled: true);

    private RateLimitReconciler Node(TimeProvider clock, IServiceScopeFactory? scopes = null) =>
        new(scopes ?? _app.Services.GetRequiredService<IServiceScopeFactory>(), clock, NullLogger<RateLimitReconciler>.Instance);

    private async Task<Dictionary<string, int>> StoredAsync(RateLimitPolicy policy, DateTimeOffset? windowStart = null)
    {
        await using var db = _app.CreateDbContext();
        return await db.Set<RateLimitWindow>()
            .Where(w => w.Policy == policy.Name && (windowStart == null || w.WindowStart == windowStart))
            .ToDictionaryAsync(w => w.Key, w => w.Hits);
    }

    [Test]
    public async Task Hits_are_written_only_by_a_reconciliation_with_every_key_at_once()
    {
        var clock = new ManualClock(Start.AddSeconds(5));
        var node = Node(clock);
        var policy = NewPolicy(limit: 10);
        for (var i = 0; i < 3; i++)
        {
            Assert.That(node.Hit(policy, "a").Allowed, Is.True);
        }

        node.Hit(policy, "b");
        node.Hit(policy, "b");
        Assert.That(await StoredAsync(policy), Is.Empty, "no round trip per hit");

        Assert.That(await node.ReconcileAsync(CancellationToken.None), Is.EqualTo(2), "one row per key");

        Assert.That(await StoredAsync(policy), Is.EquivalentTo(new Dictionary<string, int> { ["a"] = 3, ["b"] = 2 }));
        Assert.That(node.Peek(policy, "a"), Is.EqualTo(3));
    }

    [Test]
    public async Task Keys_longer_than_the_column_are_stored_hashed_and_never_share_a_count()
    {
        // Two URL client ids (up to 512 characters) that agree on their first 300.
        var prefix = "https://clients.example/" + new string('p', 300);
        var (one, other) = (prefix + "/one.json", prefix + "/other.json");
        var clock = new ManualClock(Start.AddSeconds(5));
        var node = Node(clock);
        var policy = NewPolicy(limit: 2);

        node.Hit(policy, one);
        node.Hit(policy, one);
        node.Hit(policy, other);
        await node.ReconcileAsync(CancellationToken.None);

        var stored = await StoredAsync(policy);
        Assert.That(stored.Keys, Has.All.Length.LessThanOrEqualTo(PostgresRateLimiter.MaxKeyLength).And.All.StartWith("sha256:"));
        Assert.That(stored.Values.OrderBy(v => v), Is.EqualTo(new[] { 1, 2 }));
        Assert.That(node.Hit(policy, one).Allowed, Is.False);
        Assert.That(node.Hit(policy, other).Allowed, Is.True);
    }

    [Test]
    public async Task Each_node_judges_with_the_other_nodes_hits_once_reconciled()
    {
        var clock = new ManualClock(Start.AddSeconds(5));
        var (first, second) = (Node(clock), Node(clock));
        var policy = NewPolicy(limit: 5);
        for (var i = 0; i < 3; i++)
        {
            first.Hit(policy, "user");
        }

        await first.ReconcileAsync(CancellationToken.None);
        Assert.That(second.Hit(policy, "user"), Is.EqualTo(new RateLimitResult(true, 1, TimeSpan.Zero)), "not reconciled yet: its own hits only");

        await second.ReconcileAsync(CancellationToken.None);
        Assert.That(second.Hit(policy, "user").Hits, Is.EqualTo(5), "3 of the first node + 2 of its own");
        var refused = second.Hit(policy, "user");
        Assert.That(refused.Allowed, Is.False);
        Assert.That(refused.RetryAfter, Is.GreaterThan(TimeSpan.Zero));

        Assert.That(first.Hit(policy, "user").Hits, Is.EqualTo(4), "the first node has not read the second's hits yet");
        await first.ReconcileAsync(CancellationToken.None);
        Assert.That(first.Hit(policy, "user").Allowed, Is.False);
        Assert.That((await StoredAsync(policy))["user"], Is.EqualTo(5), "the last hits of either node are not written yet");
    }

    [Test]
    public async Task Hits_of_a_window_that_ended_before_the_reconciliation_are_written_to_that_window()
    {
        var clock = new ManualClock(Start.AddSeconds(9));
        var node = Node(clock);
        var policy = NewPolicy(limit: 100, windowSeconds: 10);
        for (var i = 0; i < 4; i++)
        {
            node.Hit(policy, "k");
        }

        clock.Now = Start.AddSeconds(11);
        Assert.That(node.Hit(policy, "k").Hits, Is.EqualTo(1 + 4), "1 + the previous window's 4 weighted by 0.9, rounded up");

        await node.ReconcileAsync(CancellationToken.None);

        Assert.That((await StoredAsync(policy, Start))["k"], Is.EqualTo(4));
        Assert.That((await StoredAsync(policy, Start.AddSeconds(10)))["k"], Is.EqualTo(1));
        clock.Now = Start.AddSeconds(15);
        Assert.That(node.Peek(policy, "k"), Is.EqualTo(1 + 2));
    }

    [Test]
    public async Task Hits_whose_write_failed_are_written_by_the_next_reconciliation()
    {
        var clock = new ManualClock(Start.AddSeconds(5));
        var database = new SwitchableScopes(_app.Services.GetRequiredService<IServiceScopeFactory>());
        var node = Node(clock, database);
        var policy = NewPolicy(limit: 3);
        node.Hit(policy, "k");
        node.Hit(policy, "k");

        database.Down = true;
        await node.ReconcileAsync(CancellationToken.None);
        Assert.That(node.Peek(policy, "k"), Is.EqualTo(2), "still counted locally");
        node.Hit(policy, "k");
        Assert.That(node.Hit(policy, "k").Allowed, Is.False, "the limit holds during the outage");

        database.Down = false;
        await node.ReconcileAsync(CancellationToken.None);

        Assert.That((await StoredAsync(policy))["k"], Is.EqualTo(4));
        Assert.That(node.Peek(policy, "k"), Is.EqualTo(4));
    }

    private sealed class ManualClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    /// <summary>The app's scopes, or a database outage.</summary>
    private sealed class SwitchableScopes(IServiceScopeFactory inner) : IServiceScopeFactory
    {
        public bool Down { get; set; }

        public IServiceScope CreateScope() => Down ? throw new InvalidOperationException("database down (test)") : inner.CreateScope();
    }
}
