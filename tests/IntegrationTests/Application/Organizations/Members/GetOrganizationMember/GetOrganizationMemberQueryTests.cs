using Platform.Application.Identity.Admin.Users.DisableUser;
using Platform.Application.Organizations;
using Platform.Application.Organizations.CreateOrganization;
using Platform.Application.Organizations.Members.AddOrganizationMember;
using Platform.Application.Organizations.Members.GetOrganizationMember;
using Platform.Domain.Common;
using Platform.Domain.Organizations;

namespace Platform.IntegrationTests.Application.Organizations.Members.GetOrganizationMember;

public sealed class GetOrganizationMemberQueryTests : MediatorFixture
{
    private async Task<(OrganizationDto Organization, Caller Member, OrganizationMemberDto Membership)> MemberOfNewOrganizationAsync(string name, string role = "member")
    {
        var organization = await SendAsync(new CreateOrganizationCommand(Unique("Org"), null));
        var member = await CreateUserAsync(name: name);
        var membership = await SendAsync(new AddOrganizationMemberCommand(organization.Id, member.UserId, role));
        return (organization, member, membership);
    }

    [Test]
    public async Task An_admin_reads_the_membership_with_the_members_name_and_email()
    {
        var admin = await CreateUserAsync("admin");
        var name = Unique("Reader");
        var (organization, member, membership) = await MemberOfNewOrganizationAsync(name, "admin");

        var found = await SendAsync(new GetOrganizationMemberQuery(organization.Id, member.UserId!.Value), admin);

        Assert.That((found.Id, found.OrganizationId, found.UserId, found.Role), Is.EqualTo((membership.Id, organization.Id, member.UserId.Value, OrganizationRole.Admin)));
        Assert.That((found.Name, found.UserDisabled), Is.EqualTo((name, false)));
        Assert.That(found.Email, Does.Match(@"^user\d+@example\.com$"));
        Assert.That(found.CreatedAt, Is.EqualTo(membership.CreatedAt).Within(TimeSpan.FromMilliseconds(1)));
    }

    [Test]
    public async Task A_disabled_members_membership_says_so()
    {
        var (organization, member, _) = await MemberOfNewOrganizationAsync(Unique("Disabled"));
        await SendAsync(new DisableUserCommand(member.UserId!.Value));

        var found = await SendAsync(new GetOrganizationMemberQuery(organization.Id, member.UserId.Value));

        Assert.That(found.UserDisabled, Is.True);
    }

    [Test]
    public async Task A_user_who_is_not_a_member_or_an_unknown_organization_is_not_found()
    {
        var (organization, member, _) = await MemberOfNewOrganizationAsync(Unique("Member"));
        var outsider = await CreateUserAsync();

        var notMember = Assert.ThrowsAsync<NotFoundException>(() => SendAsync(new GetOrganizationMemberQuery(organization.Id, outsider.UserId!.Value)));
        Assert.That(notMember!.Message, Is.EqualTo("member not found"));
        var noOrganization = Assert.ThrowsAsync<NotFoundException>(() => SendAsync(new GetOrganizationMemberQuery(int.MaxValue, member.UserId!.Value)));
        Assert.That(noOrganization!.Message, Is.EqualTo("organization not found"));
    }

    [Test]
    public async Task A_plain_user_is_forbidden_even_for_their_own_membership_and_nobody_signed_in_must_sign_in()
    {
        var (organization, member, _) = await MemberOfNewOrganizationAsync(Unique("Member"), "owner");

        Assert.ThrowsAsync<ForbiddenException>(() => SendAsync(new GetOrganizationMemberQuery(organization.Id, member.UserId!.Value), member));
        Assert.ThrowsAsync<AuthRequiredException>(() => SendAsync(new GetOrganizationMemberQuery(organization.Id, member.UserId!.Value), Caller.Anonymous));
    }
}
