using Microsoft.EntityFrameworkCore;
using Platform.Application.Organizations;
using Platform.Application.Organizations.CreateOrganization;
using Platform.Application.Organizations.ListOrganizations;
using Platform.Application.Organizations.Members.AddOrganizationMember;
using Platform.Application.Organizations.Members.RemoveOrganizationMember;
using Platform.Application.Organizations.Tasks.CreateTask;
using Platform.Application.Organizations.Tasks.GetTask;
using Platform.Domain.Common;
using Platform.Domain.Organizations;

namespace Platform.IntegrationTests.Application.Organizations.Members.RemoveOrganizationMember;

public sealed class RemoveOrganizationMemberCommandTests : MediatorFixture
{
    private async Task<(OrganizationDto Organization, Caller Member, OrganizationMemberDto Membership)> MemberOfNewOrganizationAsync(string role = "member")
    {
        var organization = await SendAsync(new CreateOrganizationCommand(Unique("Org"), null));
        var member = await CreateUserAsync();
        var membership = await SendAsync(new AddOrganizationMemberCommand(organization.Id, member.UserId, role));
        return (organization, member, membership);
    }

    [Test]
    public async Task An_admin_removes_the_member_who_then_no_longer_sees_the_organization_nor_its_tasks()
    {
        var admin = await CreateUserAsync("admin");
        var (organization, member, membership) = await MemberOfNewOrganizationAsync("admin");
        var task = await SendAsync(new CreateTaskCommand("Mine", organization.Id), member);

        var removed = await SendAsync(new RemoveOrganizationMemberCommand(organization.Id, member.UserId!.Value), admin);

        Assert.That((removed.Id, removed.OrganizationId, removed.UserId, removed.Role), Is.EqualTo((membership.Id, organization.Id, member.UserId.Value, OrganizationRole.Admin)));
        Assert.That(await InDatabaseAsync(db => db.OrganizationMembers.AnyAsync(m => m.Id == membership.Id)), Is.False);
        Assert.That(await SendAsync(new ListOrganizationsQuery(), member), Is.Empty);
        Assert.ThrowsAsync<NotFoundException>(() => SendAsync(new GetTaskQuery(task.Id), member));
        Assert.That(await InDatabaseAsync(db => db.Tasks.AnyAsync(t => t.Id == task.Id)), Is.True, "the organization's tasks stay");
        var audit = await InDatabaseAsync(db => db.AdminAuditLog.SingleAsync(a => a.Action == "organization.member_remove" && a.TargetId == organization.Id.ToString()));
        Assert.That(audit.ActorUserId, Is.EqualTo(admin.UserId));
    }

    [Test]
    public async Task Removing_twice_or_an_unknown_organization_is_not_found()
    {
        var (organization, member, _) = await MemberOfNewOrganizationAsync();
        await SendAsync(new RemoveOrganizationMemberCommand(organization.Id, member.UserId!.Value));

        var again = Assert.ThrowsAsync<NotFoundException>(() => SendAsync(new RemoveOrganizationMemberCommand(organization.Id, member.UserId.Value)));
        Assert.That(again!.Message, Is.EqualTo("member not found"));
        var noOrganization = Assert.ThrowsAsync<NotFoundException>(() => SendAsync(new RemoveOrganizationMemberCommand(int.MaxValue, member.UserId.Value)));
        Assert.That(noOrganization!.Message, Is.EqualTo("organization not found"));
    }

    [Test]
    public async Task Only_the_named_membership_goes()
    {
        var (organization, member, _) = await MemberOfNewOrganizationAsync();
        var other = await CreateUserAsync();
        var otherMembership = await SendAsync(new AddOrganizationMemberCommand(organization.Id, other.UserId, "owner"));
        var elsewhere = await SendAsync(new CreateOrganizationCommand(Unique("Elsewhere"), null));
        await SendAsync(new AddOrganizationMemberCommand(elsewhere.Id, member.UserId, "member"));

        await SendAsync(new RemoveOrganizationMemberCommand(organization.Id, member.UserId!.Value));

        Assert.That(await InDatabaseAsync(db => db.OrganizationMembers.AnyAsync(m => m.Id == otherMembership.Id)), Is.True);
        Assert.That((await SendAsync(new ListOrganizationsQuery(), member)).Select(o => o.Id), Is.EqualTo(new[] { elsewhere.Id }));
    }

    [Test]
    public async Task A_plain_user_is_forbidden_even_for_themselves_and_nobody_signed_in_must_sign_in()
    {
        var (organization, member, membership) = await MemberOfNewOrganizationAsync("owner");

        Assert.ThrowsAsync<ForbiddenException>(() => SendAsync(new RemoveOrganizationMemberCommand(organization.Id, member.UserId!.Value), member));
        Assert.ThrowsAsync<AuthRequiredException>(() => SendAsync(new RemoveOrganizationMemberCommand(organization.Id, member.UserId!.Value), Caller.Anonymous));
        Assert.That(await InDatabaseAsync(db => db.OrganizationMembers.AnyAsync(m => m.Id == membership.Id)), Is.True);
    }
}
