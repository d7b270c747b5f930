using Platform.Application.Identity.OAuth.AdminGrants.ListUserGrants;
using Platform.Domain.Common;

namespace Platform.IntegrationTests.Application.Identity.OAuth.AdminGrants.ListUserGrants;

public sealed class ListUserGrantsQueryTests : IdentitySetup
{
    [Test]
    public async Task An_admin_lists_the_clients_a_user_allowed_most_recent_first_with_their_scopes_and_live_refresh_tokens()
    {
        var admin = await NewUserAsync("admin");
        var user = await NewUserAsync();
        var offline = await GrantAsync(user, scope: "tasks:read offline_access");
        var online = await GrantAsync(user, scope: "tasks:write organizations:read");
        await GrantAsync(await NewUserAsync(), offline.Client);

        var page = await SendAsync(new ListUserGrantsQuery(user.Id), admin.Caller);

        Assert.That(page.Total, Is.EqualTo(2));
        Assert.That(page.Items.Select(g => g.ClientId), Is.EqualTo(new[] { online.Client.ClientId, offline.Client.ClientId }));
        Assert.That(page.Items[0].Scopes, Is.EqualTo(new[] { "organizations:read", "tasks:write" }));
        Assert.That(page.Items[0].ActiveRefreshTokens, Is.Zero);
        Assert.That(page.Items[1].Scopes, Is.EqualTo(new[] { "tasks:read", "offline_access" }));
        Assert.That(page.Items[1].ActiveRefreshTokens, Is.EqualTo(1));
        Assert.That(page.Items[1].ClientName, Is.EqualTo(offline.Client.ClientName));
    }

    [Test]
    public async Task A_user_without_grants_has_an_empty_list()
    {
        var user = await NewUserAsync();

        var page = await SendAsync(new ListUserGrantsQuery(user.Id));

        Assert.That((page.Items.Count, page.Total), Is.EqualTo((0, 0)));
    }

    [Test]
    public async Task Nobody_signed_in_and_plain_users_are_refused()
    {
        var user = await NewUserAsync();

        Assert.ThrowsAsync<AuthRequiredException>(() => SendAsync(new ListUserGrantsQuery(user.Id), Caller.Anonymous));
        Assert.ThrowsAsync<ForbiddenException>(() => SendAsync(new ListUserGrantsQuery(user.Id), user.Caller));
    }

    [Test]
    public void Out_of_range_paging_is_a_validation_error_and_an_unknown_user_not_found()
    {
        Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new ListUserGrantsQuery(Owner.UserId!.Value, Page: 0)));
        Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new ListUserGrantsQuery(Owner.UserId!.Value, PageSize: 201)));
        Assert.ThrowsAsync<NotFoundException>(() => SendAsync(new ListUserGrantsQuery(int.MaxValue)));
    }
}
