using Microsoft.EntityFrameworkCore;
using Platform.Application.Identity.OAuth.ListSigningKeys;
using Platform.Application.Identity.OAuth.RotateSigningKey;
using Platform.Domain.Common;

namespace Platform.IntegrationTests.Application.Identity.OAuth.RotateSigningKey;

public sealed class RotateSigningKeyCommandTests : IdentitySetup
{
    [Test]
    public async Task Rotating_makes_a_new_current_key_and_keeps_the_old_one_published()
    {
        var admin = await NewUserAsync("admin");
        var first = await SendAsync(new RotateSigningKeyCommand(), admin.Caller);

        var second = await SendAsync(new RotateSigningKeyCommand(), admin.Caller);

        Assert.That(second.KeyId, Is.Not.EqualTo(first.KeyId));
        Assert.That((second.Status, second.Source, second.Published), Is.EqualTo(("current", "database", true)));
        Assert.That(second.Algorithm, Is.EqualTo(first.Algorithm).And.Not.Empty);
        var keys = await SendAsync(new ListSigningKeysQuery(), admin.Caller);
        var old = keys.Single(k => k.KeyId == first.KeyId);
        Assert.That((old.Status, old.Published), Is.EqualTo(("previous", true)));
        Assert.That(old.RetiredAt, Is.Not.Null);
        var audit = await InDatabaseAsync(db => db.AdminAuditLog.Where(e => e.Action == "signing_key.rotate").OrderBy(e => e.Id).Select(e => new { e.TargetId, e.ActorUserId }).ToListAsync());
        Assert.That(audit.Select(e => e.TargetId).TakeLast(2), Is.EqualTo(new[] { first.KeyId, second.KeyId }));
        Assert.That(audit.Select(e => e.ActorUserId).TakeLast(2), Is.All.EqualTo(admin.Id));
    }

    [Test]
    public async Task Tokens_are_still_issued_after_a_rotation()
    {
        await SendAsync(new RotateSigningKeyCommand());

        var grant = await GrantAsync(await NewUserAsync());

        Assert.That(grant.Tokens.AccessToken.Split('.'), Has.Length.EqualTo(3));
    }

    [Test]
    public async Task Nobody_signed_in_and_plain_users_are_refused_and_nothing_rotates()
    {
        var user = await NewUserAsync();
        var before = await SendAsync(new ListSigningKeysQuery());

        Assert.ThrowsAsync<AuthRequiredException>(() => SendAsync(new RotateSigningKeyCommand(), Caller.Anonymous));
        Assert.ThrowsAsync<ForbiddenException>(() => SendAsync(new RotateSigningKeyCommand(), user.Caller));

        Assert.That((await SendAsync(new ListSigningKeysQuery())).Select(k => k.KeyId), Is.EqualTo(before.Select(k => k.KeyId)));
    }
}
