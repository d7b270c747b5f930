using Platform.Application.Common.Paging;
using Platform.Application.Organizations;
using Platform.Application.Organizations.CreateOrganization;
using Platform.Application.Organizations.Members.AddOrganizationMember;
using Platform.Application.Organizations.Members.ListOrganizationMembers;
using Platform.Domain.Common;
using Platform.Domain.Organizations;

namespace Platform.IntegrationTests.Application.Organizations.Members.ListOrganizationMembers;

public sealed class ListOrganizationMembersQueryTests : MediatorFixture
{
    /// <summary>An organization with three members (owner, admin, member, added in that order).</summary>
    private async Task<(OrganizationDto Organization, Caller[] Members, string[] Names)> OrganizationWithThreeMembersAsync()
    {
        var organization = await SendAsync(new CreateOrganizationCommand(Unique("Org"), null));
        var names = new[] { Unique("Ann"), Unique("Bob"), Unique("Cid") };
        var members = new List<Caller>();
        foreach (var (name, role) in names.Zip(new[] { "owner", "admin", "member" }))
        {
            var member = await CreateUserAsync(name: name);
            await SendAsync(new AddOrganizationMemberCommand(organization.Id, member.UserId, role));
            members.Add(member);
        }

        return (organization, members.ToArray(), names);
    }

    [Test]
    public async Task An_admin_lists_the_members_oldest_membership_first_with_their_users()
    {
        var admin = await CreateUserAsync("admin");
        var (organization, members, names) = await OrganizationWithThreeMembersAsync();
        await SendAsync(new AddOrganizationMemberCommand((await SendAsync(new CreateOrganizationCommand(Unique("Other"), null))).Id, admin.UserId, "member"));

        var page = await SendAsync(new ListOrganizationMembersQuery(organization.Id), admin);

        Assert.That(page.Items.Select(m => m.UserId), Is.EqualTo(members.Select(m => m.UserId!.Value)));
        Assert.That(page.Items.Select(m => m.Name), Is.EqualTo(names));
        Assert.That(page.Items.Select(m => m.Role), Is.EqualTo(new[] { OrganizationRole.Owner, OrganizationRole.Admin, OrganizationRole.Member }));
        Assert.That(page.Items.Select(m => m.OrganizationId), Is.All.EqualTo(organization.Id));
        Assert.That(page.Items.Select(m => m.Email), Is.All.EndsWith("@example.com"));
        Assert.That((page.Total, page.PageNumber, page.PageSize), Is.EqualTo((3, 1, Paging.DefaultPageSize)));
    }

    [Test]
    public async Task Pages_split_the_list_and_a_page_past_the_end_is_empty()
    {
        var (organization, members, _) = await OrganizationWithThreeMembersAsync();

        var second = await SendAsync(new ListOrganizationMembersQuery(organization.Id, Page: 2, PageSize: 2));
        var past = await SendAsync(new ListOrganizationMembersQuery(organization.Id, Page: 5, PageSize: 2));

        Assert.That(second.Items.Select(m => m.UserId), Is.EqualTo(new[] { members[2].UserId!.Value }));
        Assert.That((second.Total, past.Total), Is.EqualTo((3, 3)));
        Assert.That(past.Items, Is.Empty);
    }

    [Test]
    public async Task An_organization_without_members_lists_none()
    {
        var organization = await SendAsync(new CreateOrganizationCommand(Unique("Empty"), null));

        var page = await SendAsync(new ListOrganizationMembersQuery(organization.Id));

        Assert.That((page.Items.Count, page.Total), Is.EqualTo((0, 0)));
    }

    [Test]
    public void An_unknown_organization_is_not_found() =>
        Assert.ThrowsAsync<NotFoundException>(() => SendAsync(new ListOrganizationMembersQuery(int.MaxValue)));

    [TestCase(0, 10)]
    [TestCase(1_000_001, 10)]
    [TestCase(1, 0)]
    [TestCase(1, Paging.MaxPageSize + 1)]
    public async Task Out_of_range_paging_is_a_validation_error(int page, int pageSize)
    {
        var organization = await SendAsync(new CreateOrganizationCommand(Unique("Org"), null));

        Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new ListOrganizationMembersQuery(organization.Id, page, pageSize)));
    }

    [Test]
    public async Task A_plain_user_is_forbidden_even_as_a_member_and_nobody_signed_in_must_sign_in()
    {
        var (organization, members, _) = await OrganizationWithThreeMembersAsync();

        Assert.ThrowsAsync<ForbiddenException>(() => SendAsync(new ListOrganizationMembersQuery(organization.Id), members[0]));
        Assert.ThrowsAsync<AuthRequiredException>(() => SendAsync(new ListOrganizationMembersQuery(organization.Id), Caller.Anonymous));
    }
}
