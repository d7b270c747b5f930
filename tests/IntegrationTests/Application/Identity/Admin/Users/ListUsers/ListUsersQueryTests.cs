using Platform.Application.Identity.Admin.Users.DisableUser;
using Platform.Application.Identity.Admin.Users.ListUsers;
using Platform.Domain.Common;
using Platform.Domain.Identity;

namespace Platform.IntegrationTests.Application.Identity.Admin.Users.ListUsers;

public sealed class ListUsersQueryTests : IdentitySetup
{
    [Test]
    public async Task An_admin_lists_users_by_id_and_the_search_matches_part_of_the_name_or_email_case_insensitively()
    {
        var admin = await NewUserAsync("admin");
        var marker = Guid.NewGuid().ToString("N")[..10];
        var byName = await NewUserAsync("user", $"Zed {marker.ToUpperInvariant()} Person");
        var plain = await NewUserAsync();

        var all = await SendAsync(new ListUsersQuery(PageSize: 200), admin.Caller);
        var found = await SendAsync(new ListUsersQuery(Search: $"  {marker}  "), admin.Caller);
        var byEmail = await SendAsync(new ListUsersQuery(Search: plain.Email.ToUpperInvariant()), admin.Caller);

        Assert.That(all.Items.Select(u => u.Id), Is.Ordered.Ascending);
        Assert.That(all.Items.Select(u => u.Id), Is.SupersetOf(new[] { Owner.UserId!.Value, admin.Id, byName.Id, plain.Id }));
        Assert.That(all.Total, Is.EqualTo(all.Items.Count));
        Assert.That(found.Items.Select(u => u.Id), Is.EqualTo(new[] { byName.Id }));
        Assert.That(found.Total, Is.EqualTo(1));
        Assert.That(byEmail.Items.Select(u => u.Email), Is.EqualTo(new[] { plain.Email }));
    }

    [Test]
    public async Task Role_and_disabled_filters_narrow_the_list()
    {
        var admin = await NewUserAsync("admin");
        var disabled = await NewUserAsync();
        await SendAsync(new DisableUserCommand(disabled.Id));

        var admins = await SendAsync(new ListUsersQuery(SystemRole: "ADMIN", PageSize: 200));
        var disabledUsers = await SendAsync(new ListUsersQuery(Disabled: true, PageSize: 200));
        var enabledUsers = await SendAsync(new ListUsersQuery(Disabled: false, PageSize: 200));

        Assert.That(admins.Items.Select(u => u.SystemRole), Is.All.EqualTo(SystemRole.Admin));
        Assert.That(admins.Items.Select(u => u.Id), Does.Contain(admin.Id));
        Assert.That(disabledUsers.Items.Select(u => u.Id), Does.Contain(disabled.Id));
        Assert.That(disabledUsers.Items.Select(u => u.Disabled), Is.All.True);
        Assert.That(enabledUsers.Items.Select(u => u.Id), Does.Not.Contain(disabled.Id).And.Contain(admin.Id));
    }

    [Test]
    public async Task Nobody_signed_in_and_plain_users_are_refused()
    {
        var user = await NewUserAsync();

        Assert.ThrowsAsync<AuthRequiredException>(() => SendAsync(new ListUsersQuery(), Caller.Anonymous));
        Assert.ThrowsAsync<ForbiddenException>(() => SendAsync(new ListUsersQuery(), user.Caller));
    }

    [Test]
    public void Invalid_filters_and_paging_are_validation_errors()
    {
        Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new ListUsersQuery(Search: new string('s', User.MaxEmailLength + 1))));
        Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new ListUsersQuery(Search: "a\0b")));
        Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new ListUsersQuery(Search: "\ud800")));
        Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new ListUsersQuery(SystemRole: "superuser")));
        Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new ListUsersQuery(Page: 0)));
        Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new ListUsersQuery(PageSize: 201)));
    }
}
