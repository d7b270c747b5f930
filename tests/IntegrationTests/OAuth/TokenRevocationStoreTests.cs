using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Application.Identity.OAuth;
using Platform.Infrastructure;
using Platform.Infrastructure.Security.Revocation;
using Platform.IntegrationTests.Support;

namespace Platform.IntegrationTests.OAuth;

/// <summary>
/// The revocation records behind the one token-revocation mechanism (decision 0302): polls read a
/// recent row again even when a higher id was read first, a URL client id fits, and maintenance
/// deletes rows too old to refuse a live token.
/// </summary>
public sealed class TokenRevocationStoreTests
{
    private PlatformApp _app = null!;

    [OneTimeSetUp]
    public void Start() => _app = new PlatformApp();

    [OneTimeTearDown]
    public void Stop() => _app.Dispose();

    private async Task<T> WithStoreAsync<T>(Func<ITokenRevocations, Task<T>> use)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return await use(scope.ServiceProvider.GetRequiredService<ITokenRevocations>());
    }

    private async Task<long> InsertAsync(int userId, DateTimeOffset revokedBefore)
    {
        await using var db = _app.CreateDbContext();
        var row = new TokenRevocation { UserId = userId, RevokedBefore = revokedBefore };
        db.Set<TokenRevocation>().Add(row);
        await db.SaveChangesAsync();
        return row.Id;
    }

    [Test]
    public async Task A_recent_row_committed_after_a_higher_id_was_read_is_still_read()
    {
        var now = DateTimeOffset.UtcNow;
        var late = await InsertAsync(7001, now.AddSeconds(-1)); // took the lower id, "committed" late
        var seen = await InsertAsync(7002, now);                // already read by a node

        var read = await WithStoreAsync(store => store.ReadAsync(seen, now.AddHours(-2), CancellationToken.None));

        Assert.That(read.Select(r => r.Id), Does.Contain(late));
    }

    [Test]
    public async Task An_old_row_below_the_last_id_is_not_read_again()
    {
        var old = await InsertAsync(7003, DateTimeOffset.UtcNow - TokenRevocationRules.ReadOverlap - TimeSpan.FromMinutes(1));
        var seen = await InsertAsync(7004, DateTimeOffset.UtcNow);

        var read = await WithStoreAsync(store => store.ReadAsync(seen, DateTimeOffset.UtcNow.AddHours(-2), CancellationToken.None));

        Assert.That(read.Select(r => r.Id), Does.Not.Contain(old));
    }

    [Test]
    public async Task A_grant_of_a_client_named_by_a_url_can_be_revoked()
    {
        var clientId = "https://clients.example/" + new string('c', 400) + "/client.json";

        await WithStoreAsync(async store =>
        {
            await store.RevokeAsync(7005, clientId, CancellationToken.None);
            return 0;
        });

        await using var db = _app.CreateDbContext();
        Assert.That(await db.Set<TokenRevocation>().CountAsync(r => r.UserId == 7005 && r.ClientId == clientId), Is.EqualTo(1));
    }

    [Test]
    public async Task Maintenance_deletes_revocations_past_their_horizon_and_keeps_the_rest()
    {
        var horizon = TokenRevocationRules.Horizon(TimeSpan.FromHours(1));
        var expired = await InsertAsync(7006, DateTimeOffset.UtcNow - horizon - TimeSpan.FromMinutes(5));
        var live = await InsertAsync(7007, DateTimeOffset.UtcNow - horizon + TimeSpan.FromMinutes(5));

        var result = await _app.Services.GetRequiredService<PlatformMaintenance>().RunOnceAsync(CancellationToken.None);

        await using var db = _app.CreateDbContext();
        var left = await db.Set<TokenRevocation>().Where(r => r.Id == expired || r.Id == live).Select(r => r.Id).ToListAsync();
        Assert.That(result.Revocations, Is.GreaterThanOrEqualTo(1));
        Assert.That(left, Is.EqualTo(new[] { live }));
    }
}
