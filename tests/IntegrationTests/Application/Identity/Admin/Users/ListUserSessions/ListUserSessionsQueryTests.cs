using Microsoft.EntityFrameworkCore;
using Platform.Application.Common.Paging;
using Platform.Application.Identity.Admin.Users.ListUserSessions;
using Platform.Domain.Common;

namespace Platform.IntegrationTests.Application.Identity.Admin.Users.ListUserSessions;

public sealed class ListUserSessionsQueryTests : IdentitySetup
{
    [Test]
    public async Task An_admin_lists_a_users_live_sessions_newest_first_with_agent_and_address()
    {
        var admin = await NewUserAsync("admin");
        var target = await NewUserAsync();
        var other = await NewUserAsync();
        await LoginAsync(target, "agent-one");
        await LoginAsync(target, "agent-two");
        await LoginAsync(other, "someone-else");

        var page = await SendAsync(new ListUserSessionsQuery(target.Id), admin.Caller);

        Assert.That(page.Total, Is.EqualTo(2));
        Assert.That(page.Items.Select(s => s.UserId), Is.All.EqualTo(target.Id));
        Assert.That(page.Items.Select(s => s.UserAgent), Is.EqualTo(new[] { "agent-two", "agent-one" }));
        Assert.That(page.Items.Select(s => s.IpAddress), Is.All.StartsWith("10.9."));
        var storedIds = await InDatabaseAsync(db => db.Sessions.Where(s => s.UserId == target.Id).Select(s => s.Id).ToListAsync());
        Assert.That(page.Items.Select(s => s.Id), Is.EquivalentTo(storedIds));
    }

    [Test]
    public async Task Pages_split_the_list()
    {
        var target = await NewUserAsync();
        for (var i = 0; i < 3; i++)
        {
            await LoginAsync(target);
        }

        var second = await SendAsync(new ListUserSessionsQuery(target.Id, Page: 2, PageSize: 2));

        Assert.That(second.Total, Is.EqualTo(3));
        Assert.That(second.Items, Has.Count.EqualTo(1));
        Assert.That(second.PageNumber, Is.EqualTo(2));
    }

    [Test]
    public async Task Nobody_signed_in_and_plain_users_are_refused()
    {
        var user = await NewUserAsync();

        Assert.ThrowsAsync<AuthRequiredException>(() => SendAsync(new ListUserSessionsQuery(user.Id), Caller.Anonymous));
        Assert.ThrowsAsync<ForbiddenException>(() => SendAsync(new ListUserSessionsQuery(user.Id), user.Caller));
    }

    [TestCase(0, 10)]
    [TestCase(1, 0)]
    [TestCase(1, Paging.MaxPageSize + 1)]
    public void Out_of_range_paging_is_a_validation_error(int page, int pageSize) =>
        Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new ListUserSessionsQuery(Owner.UserId!.Value, page, pageSize)));

    [Test]
    public void An_unknown_user_is_not_found() =>
        Assert.ThrowsAsync<NotFoundException>(() => SendAsync(new ListUserSessionsQuery(int.MaxValue)));
}
