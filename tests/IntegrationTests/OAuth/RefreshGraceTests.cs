using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Domain.Identity.OAuth;
using Platform.Infrastructure;
using Platform.IntegrationTests.Support;

namespace Platform.IntegrationTests.OAuth;

/// <summary>
/// The refresh-token reuse grace (decision 0303) at the edges, on servers configured for it: a
/// 2-second grace (<c>OAuth:RefreshTokenReuseGraceSeconds=2</c>) whose end is waited for, and a
/// server with the grace switched off (0), where every repetition is a replay as before.
/// </summary>
public sealed class RefreshGraceTests
{
    private const string Redirect = "http://127.0.0.1:8765/callback";
    private PlatformApp _short = null!;
    private PlatformApp _none = null!;
    private TestClient _shortOwner = null!;
    private TestClient _noneOwner = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _short = new PlatformApp(settings: new Dictionary<string, string?> { ["OAuth:RefreshTokenReuseGraceSeconds"] = "2" });
        _none = new PlatformApp(settings: new Dictionary<string, string?> { ["OAuth:RefreshTokenReuseGraceSeconds"] = "0" });
        _shortOwner = await _short.BootstrapAsync();
        _noneOwner = await _none.BootstrapAsync();
    }

    [OneTimeTearDown]
    public void Stop()
    {
        _shortOwner.Dispose();
        _noneOwner.Dispose();
        _short.Dispose();
        _none.Dispose();
    }

    [Test]
    public async Task A_replay_after_the_grace_is_invalid_grant_and_revokes_the_family()
    {
        var flow = new OAuthFlow(_short);
        var (client, r1) = await GrantAsync(flow, _shortOwner);
        var r2 = await RefreshedAsync(flow, client, r1);
        Assert.That(await RefreshedAsync(flow, client, r1), Is.EqualTo(r2), "inside the grace: the same successor");

        var graceEnd = await GraceUntilAsync(_short, r1);
        Assert.That(graceEnd, Is.Not.Null);
        await WaitUntilAsync(graceEnd!.Value);

        var replay = await flow.RefreshAsync(client, r1);
        var json = await replay.ReadJsonAsync();
        Assert.That(replay.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), json.ToString());
        Assert.That(json.GetProperty("error").GetString(), Is.EqualTo("invalid_grant"));
        Assert.That(json.TryGetProperty("refresh_token", out _), Is.False);
        var afterReplay = await flow.RefreshAsync(client, r2);
        Assert.That(afterReplay.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), "the family is revoked: the live successor stops working too");

        await using var db = _short.CreateDbContext();
        var family = await FamilyAsync(db, client);
        Assert.That(family.All(t => t.RevokedAt is not null && t.ProtectedSuccessor is null), Is.True);
    }

    [Test]
    public async Task Maintenance_drops_a_kept_successor_once_its_grace_is_over_and_the_family_carries_on()
    {
        var flow = new OAuthFlow(_short);
        var (client, r1) = await GrantAsync(flow, _shortOwner);
        var r2 = await RefreshedAsync(flow, client, r1);
        await WaitUntilAsync((await GraceUntilAsync(_short, r1))!.Value);

        var (_, _, dropped, _) = await _short.Services.GetRequiredService<PlatformMaintenance>().RunOnceAsync(CancellationToken.None);
        Assert.That(dropped, Is.GreaterThanOrEqualTo(1));
        await using (var db = _short.CreateDbContext())
        {
            var rotated = (await FamilyAsync(db, client)).Single(t => t.RotatedAt is not null);
            Assert.That((rotated.ProtectedSuccessor, rotated.ReuseGraceUntil), Is.EqualTo(((string?)null, (DateTimeOffset?)null)));
        }

        Assert.That(await RefreshedAsync(flow, client, r2), Is.Not.EqualTo(r2), "the successor itself is untouched and rotates as usual");
    }

    [Test]
    public async Task Without_grace_concurrent_refreshes_with_one_token_leave_one_winner_and_the_family_revoked()
    {
        var flow = new OAuthFlow(_none);
        var (client, r1) = await GrantAsync(flow, _noneOwner);
        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => flow.RefreshAsync(client, r1)));
        Assert.That(responses.Count(r => r.StatusCode == HttpStatusCode.OK), Is.EqualTo(1));
        Assert.That(responses.Where(r => r.StatusCode != HttpStatusCode.OK).Select(r => r.StatusCode), Is.All.EqualTo(HttpStatusCode.BadRequest));
        var r2 = (await responses.Single(r => r.StatusCode == HttpStatusCode.OK).ReadJsonAsync()).GetProperty("refresh_token").GetString()!;
        Assert.That((await flow.RefreshAsync(client, r2)).StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));

        await using var db = _none.CreateDbContext();
        Assert.That((await FamilyAsync(db, client)).All(t => t.ProtectedSuccessor is null && t.ReuseGraceUntil is null), Is.True, "nothing is kept without a grace");
    }

    private static async Task<(RegisteredClient Client, string RefreshToken)> GrantAsync(OAuthFlow flow, TestClient owner)
    {
        var client = await flow.RegisterPublicAsync(Redirect);
        var pkce = Pkce.New();
        var (code, _) = await flow.CodeForNewUserAsync(owner, client, pkce, Redirect, "tasks:read offline_access");
        var json = await (await flow.ExchangeCodeAsync(client, code, pkce, Redirect)).ReadJsonAsync();
        return (client, json.GetProperty("refresh_token").GetString()!);
    }

    private static async Task<string> RefreshedAsync(OAuthFlow flow, RegisteredClient client, string refreshToken)
    {
        var response = await flow.RefreshAsync(client, refreshToken);
        var json = await response.ReadJsonAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), json.ToString());
        return json.GetProperty("refresh_token").GetString()!;
    }

    private static async Task<DateTimeOffset?> GraceUntilAsync(PlatformApp app, string refreshToken)
    {
        var hash = Platform.Application.Identity.OAuth.OAuthSecrets.Hash(refreshToken);
        await using var db = app.CreateDbContext();
        return await db.OAuthRefreshTokens.Where(t => t.TokenHash == hash).Select(t => t.ReuseGraceUntil).SingleAsync();
    }

    private static Task<List<OAuthRefreshToken>> FamilyAsync(Platform.Infrastructure.Persistence.PlatformDbContext db, RegisteredClient client) =>
        db.OAuthRefreshTokens.Where(t => t.ClientId == db.OAuthClients.Single(c => c.ClientId == client.ClientId).Id).ToListAsync();

    private static async Task WaitUntilAsync(DateTimeOffset moment)
    {
        var wait = moment - DateTimeOffset.UtcNow + TimeSpan.FromMilliseconds(100);
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait);
        }
    }
}
