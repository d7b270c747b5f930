using Platform.Application.Identity.OAuth.ListSigningKeys;
using Platform.Application.Identity.OAuth.RotateSigningKey;
using Platform.Domain.Common;

namespace Platform.IntegrationTests.Application.Identity.OAuth.ListSigningKeys;

public sealed class ListSigningKeysQueryTests : IdentitySetup
{
    [Test]
    public async Task An_admin_sees_one_current_key_first_and_the_rotated_ones_still_published()
    {
        var admin = await NewUserAsync("admin");
        await GrantAsync(await NewUserAsync()); // signing an access token makes sure a key exists
        var rotated = await SendAsync(new RotateSigningKeyCommand(), admin.Caller);

        var keys = await SendAsync(new ListSigningKeysQuery(), admin.Caller);

        Assert.That(keys.Count(k => k.Status == "current"), Is.EqualTo(1));
        Assert.That(keys[0].KeyId, Is.EqualTo(rotated.KeyId));
        Assert.That((keys[0].Status, keys[0].Source, keys[0].Published), Is.EqualTo(("current", "database", true)));
        Assert.That(keys.Skip(1).Select(k => k.Status), Has.Some.EqualTo("previous"));
        Assert.That(keys.Where(k => k.Status == "previous").Select(k => (k.Published, k.RetiredAt.HasValue)), Is.All.EqualTo((true, true)));
        Assert.That(keys.Select(k => k.CreatedAt), Is.Ordered.Descending);
        Assert.That(keys.Select(k => k.KeyId), Is.Unique);
    }

    [Test]
    public async Task Nobody_signed_in_and_plain_users_are_refused()
    {
        var user = await NewUserAsync();

        Assert.ThrowsAsync<AuthRequiredException>(() => SendAsync(new ListSigningKeysQuery(), Caller.Anonymous));
        Assert.ThrowsAsync<ForbiddenException>(() => SendAsync(new ListSigningKeysQuery(), user.Caller));
    }
}
