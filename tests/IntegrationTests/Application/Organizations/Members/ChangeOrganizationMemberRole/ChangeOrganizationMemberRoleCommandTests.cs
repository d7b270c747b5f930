using Microsoft.EntityFrameworkCore;
using Platform.Application.Organizations;
using Platform.Application.Organizations.CreateOrganization;
using Platform.Application.Organizations.ListOrganizations;
using Platform.Application.Organizations.Members.AddOrganizationMember;
using Platform.Application.Organizations.Members.ChangeOrganizationMemberRole;
using Platform.Domain.Common;
using Platform.Domain.Organizations;

namespace Platform.IntegrationTests.Application.Organizations.Members.ChangeOrganizationMemberRole;

public sealed class ChangeOrganizationMemberRoleCommandTests : MediatorFixture
{
    private async Task<(OrganizationDto Organization, Caller Member, OrganizationMemberDto Membership)> MemberOfNewOrganizationAsync(string name)
    {
        var organization = await SendAsync(new CreateOrganizationCommand(Unique("Org"), null));
        var member = await CreateUserAsync(name: name);
        var membership = await SendAsync(new AddOrganizationMemberCommand(organization.Id, member.UserId, "member"));
        return (organization, member, membership);
    }

    [Test]
    public async Task An_admin_changes_the_role_and_gets_the_membership_with_its_user_and_an_audit_row()
    {
        var admin = await CreateUserAsync("admin");
        var name = Unique("Promoted");
        var (organization, member, membership) = await MemberOfNewOrganizationAsync(name);

        var changed = await SendAsync(new ChangeOrganizationMemberRoleCommand(organization.Id, member.UserId!.Value, "owner"), admin);

        Assert.That((changed.Id, changed.OrganizationId, changed.UserId, changed.Role), Is.EqualTo((membership.Id, organization.Id, member.UserId.Value, OrganizationRole.Owner)));
        Assert.That((changed.Name, changed.UserDisabled), Is.EqualTo((name, false)));
        Assert.That(changed.Email, Does.EndWith("@example.com"));
        Assert.That(await InDatabaseAsync(db => db.OrganizationMembers.Where(m => m.Id == membership.Id).Select(m => m.Role).SingleAsync()), Is.EqualTo(OrganizationRole.Owner));
        Assert.That((await SendAsync(new ListOrganizationsQuery(), member)).Single().Role, Is.EqualTo(OrganizationRole.Owner));
        var audit = await InDatabaseAsync(db => db.AdminAuditLog.SingleAsync(a => a.Action == "organization.member_role_change" && a.TargetId == organization.Id.ToString()));
        Assert.That(audit.ActorUserId, Is.EqualTo(admin.UserId));
    }

    [Test]
    public async Task The_only_owner_can_be_demoted_since_no_last_owner_rule_exists()
    {
        var (organization, member, membership) = await MemberOfNewOrganizationAsync(Unique("Owner"));
        await SendAsync(new ChangeOrganizationMemberRoleCommand(organization.Id, member.UserId!.Value, "owner"));

        var demoted = await SendAsync(new ChangeOrganizationMemberRoleCommand(organization.Id, member.UserId.Value, "member"));

        Assert.That(demoted.Role, Is.EqualTo(OrganizationRole.Member));
        Assert.That(await InDatabaseAsync(db => db.OrganizationMembers.Where(m => m.Id == membership.Id).Select(m => m.Role).SingleAsync()), Is.EqualTo(OrganizationRole.Member));
    }

    [Test]
    public async Task A_user_who_is_not_a_member_or_an_unknown_organization_is_not_found()
    {
        var (organization, member, _) = await MemberOfNewOrganizationAsync(Unique("Member"));
        var outsider = await CreateUserAsync();

        var notMember = Assert.ThrowsAsync<NotFoundException>(() => SendAsync(new ChangeOrganizationMemberRoleCommand(organization.Id, outsider.UserId!.Value, "admin")));
        Assert.That(notMember!.Message, Is.EqualTo("member not found"));
        var noOrganization = Assert.ThrowsAsync<NotFoundException>(() => SendAsync(new ChangeOrganizationMemberRoleCommand(int.MaxValue, member.UserId!.Value, "admin")));
        Assert.That(noOrganization!.Message, Is.EqualTo("organization not found"));
        Assert.That(await InDatabaseAsync(db => db.OrganizationMembers.AnyAsync(m => m.UserId == outsider.UserId)), Is.False);
    }

    private static readonly string?[] InvalidRoles = [null, "", "ADMIN", "guest", "a\0b", "\udc00"];

    [TestCaseSource(nameof(InvalidRoles))]
    public async Task Roles_other_than_owner_admin_member_are_validation_errors(string? role)
    {
        var (organization, member, membership) = await MemberOfNewOrganizationAsync(Unique("Member"));

        var error = Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new ChangeOrganizationMemberRoleCommand(organization.Id, member.UserId!.Value, role)));
        Assert.That(error!.Details["field"], Is.EqualTo("role"));
        Assert.That(await InDatabaseAsync(db => db.OrganizationMembers.Where(m => m.Id == membership.Id).Select(m => m.Role).SingleAsync()), Is.EqualTo(OrganizationRole.Member));
    }

    [Test]
    public async Task A_plain_user_is_forbidden_even_on_their_own_membership_and_nobody_signed_in_must_sign_in()
    {
        var (organization, member, membership) = await MemberOfNewOrganizationAsync(Unique("Member"));

        Assert.ThrowsAsync<ForbiddenException>(() => SendAsync(new ChangeOrganizationMemberRoleCommand(organization.Id, member.UserId!.Value, "owner"), member));
        Assert.ThrowsAsync<AuthRequiredException>(() => SendAsync(new ChangeOrganizationMemberRoleCommand(organization.Id, member.UserId!.Value, "owner"), Caller.Anonymous));
        Assert.That(await InDatabaseAsync(db => db.OrganizationMembers.Where(m => m.Id == membership.Id).Select(m => m.Role).SingleAsync()), Is.EqualTo(OrganizationRole.Member));
    }
}
