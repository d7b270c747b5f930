using Platform.Application.Identity.Admin.Users.ListUserApiTokens;
using Platform.Application.Identity.ApiTokens.CreateApiToken;
using Platform.Application.Identity.ApiTokens.RevokeApiToken;
using Platform.Domain.Common;

namespace Platform.IntegrationTests.Application.Identity.Admin.Users.ListUserApiTokens;

public sealed class ListUserApiTokensQueryTests : IdentitySetup
{
    [Test]
    public async Task An_admin_sees_a_users_tokens_newest_first_without_the_tokens_themselves()
    {
        var admin = await NewUserAsync("admin");
        var target = await NewUserAsync();
        var first = await SendAsync(new CreateApiTokenCommand("laptop"), target.Caller);
        var second = await SendAsync(new CreateApiTokenCommand(null), target.Caller);
        await SendAsync(new RevokeApiTokenCommand(first.Id), target.Caller);
        await SendAsync(new CreateApiTokenCommand("someone else"), (await NewUserAsync()).Caller);

        var page = await SendAsync(new ListUserApiTokensQuery(target.Id), admin.Caller);

        Assert.That(page.Total, Is.EqualTo(2));
        Assert.That(page.Items.Select(t => t.Id), Is.EqualTo(new[] { second.Id, first.Id }));
        Assert.That(page.Items.Select(t => t.UserId), Is.All.EqualTo(target.Id));
        Assert.That(page.Items[1].Name, Is.EqualTo("laptop"));
        Assert.That(page.Items[1].RevokedAt, Is.Not.Null);
        Assert.That(page.Items[0].RevokedAt, Is.Null);
    }

    [Test]
    public async Task Pages_hold_page_size_items()
    {
        var target = await NewUserAsync();
        for (var i = 0; i < 3; i++)
        {
            await SendAsync(new CreateApiTokenCommand($"t{i}"), target.Caller);
        }

        var page = await SendAsync(new ListUserApiTokensQuery(target.Id, Page: 2, PageSize: 2));

        Assert.That(page.Total, Is.EqualTo(3));
        Assert.That(page.Items.Select(t => t.Name), Is.EqualTo(new[] { "t0" }));
        Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new ListUserApiTokensQuery(target.Id, PageSize: 0)));
    }

    [Test]
    public async Task An_admin_may_list_an_owners_tokens_but_plain_users_and_nobody_may_not()
    {
        var admin = await NewUserAsync("admin");
        var owner = await NewUserAsync("owner");
        await SendAsync(new CreateApiTokenCommand("owner's"), owner.Caller);
        var user = await NewUserAsync();

        Assert.That((await SendAsync(new ListUserApiTokensQuery(owner.Id), admin.Caller)).Total, Is.EqualTo(1));
        Assert.ThrowsAsync<ForbiddenException>(() => SendAsync(new ListUserApiTokensQuery(owner.Id), user.Caller));
        Assert.ThrowsAsync<ForbiddenException>(() => SendAsync(new ListUserApiTokensQuery(user.Id), user.Caller), "not even one's own, through the admin API");
        Assert.ThrowsAsync<AuthRequiredException>(() => SendAsync(new ListUserApiTokensQuery(owner.Id), Caller.Anonymous));
    }

    [Test]
    public void An_unknown_user_is_not_found() =>
        Assert.ThrowsAsync<NotFoundException>(() => SendAsync(new ListUserApiTokensQuery(int.MaxValue)));
}
