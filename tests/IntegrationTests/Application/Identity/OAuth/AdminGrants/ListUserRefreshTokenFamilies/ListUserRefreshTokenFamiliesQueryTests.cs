using Platform.Application.Identity.OAuth.AdminGrants.ListUserRefreshTokenFamilies;
using Platform.Application.Identity.OAuth.AdminGrants.RevokeRefreshTokenFamily;
using Platform.Application.Identity.OAuth.ExchangeToken;
using Platform.Domain.Common;
using Platform.Domain.Identity.OAuth;

namespace Platform.IntegrationTests.Application.Identity.OAuth.AdminGrants.ListUserRefreshTokenFamilies;

public sealed class ListUserRefreshTokenFamiliesQueryTests : IdentitySetup
{
    [Test]
    public async Task Families_are_listed_live_first_with_their_rotation_count_and_revoked_ones_after()
    {
        var admin = await NewUserAsync("admin");
        var user = await NewUserAsync();
        var revoked = await GrantAsync(user);
        var live = await GrantAsync(user);
        await SendAsync(new ExchangeTokenCommand(Public(live.Client), GrantTypes.RefreshToken, RefreshToken: live.Tokens.RefreshToken), Caller.Anonymous);
        var beforeRevoke = await SendAsync(new ListUserRefreshTokenFamiliesQuery(user.Id), admin.Caller);
        var revokedFamily = beforeRevoke.Items.Single(f => f.ClientId == revoked.Client.ClientId).FamilyId;
        await SendAsync(new RevokeRefreshTokenFamilyCommand(user.Id, revokedFamily), admin.Caller);

        var page = await SendAsync(new ListUserRefreshTokenFamiliesQuery(user.Id), admin.Caller);

        Assert.That(page.Total, Is.EqualTo(2));
        var (first, second) = (page.Items[0], page.Items[1]);
        Assert.That((first.ClientId, first.ClientName), Is.EqualTo((live.Client.ClientId, live.Client.ClientName)));
        Assert.That((first.Active, first.Tokens, first.RevokedAt), Is.EqualTo((true, 2, (DateTimeOffset?)null)));
        Assert.That(first.Scopes, Is.EqualTo(new[] { "tasks:read", "offline_access" }));
        Assert.That(first.ExpiresAt, Is.GreaterThan(DateTimeOffset.UtcNow.AddDays(29)));
        Assert.That(first.LastIssuedAt, Is.GreaterThan(first.StartedAt));
        Assert.That((second.FamilyId, second.Active, second.Tokens, second.ExpiresAt), Is.EqualTo((revokedFamily, false, 1, (DateTimeOffset?)null)));
        Assert.That(second.RevokedAt, Is.Not.Null);
    }

    [Test]
    public async Task Nobody_signed_in_and_plain_users_are_refused()
    {
        var user = await NewUserAsync();

        Assert.ThrowsAsync<AuthRequiredException>(() => SendAsync(new ListUserRefreshTokenFamiliesQuery(user.Id), Caller.Anonymous));
        Assert.ThrowsAsync<ForbiddenException>(() => SendAsync(new ListUserRefreshTokenFamiliesQuery(user.Id), user.Caller));
    }

    [Test]
    public void Out_of_range_paging_is_a_validation_error_and_an_unknown_user_not_found()
    {
        Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new ListUserRefreshTokenFamiliesQuery(Owner.UserId!.Value, Page: 0)));
        Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new ListUserRefreshTokenFamiliesQuery(Owner.UserId!.Value, PageSize: 0)));
        Assert.ThrowsAsync<NotFoundException>(() => SendAsync(new ListUserRefreshTokenFamiliesQuery(int.MaxValue)));
    }
}
