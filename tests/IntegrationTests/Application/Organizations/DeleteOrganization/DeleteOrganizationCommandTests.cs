using Microsoft.EntityFrameworkCore;
using Platform.Application.Organizations;
using Platform.Application.Organizations.CreateOrganization;
using Platform.Application.Organizations.DeleteOrganization;
using Platform.Application.Organizations.Members.AddOrganizationMember;
using Platform.Application.Organizations.Tasks.CreateTask;
using Platform.Domain.Common;

namespace Platform.IntegrationTests.Application.Organizations.DeleteOrganization;

public sealed class DeleteOrganizationCommandTests : MediatorFixture
{
    private Task<OrganizationDto> NewOrganizationAsync() => SendAsync(new CreateOrganizationCommand(Unique("Org"), null));

    /// <summary>An organization with one member who created one task in it.</summary>
    private async Task<(OrganizationDto Organization, int TaskId)> OrganizationWithMemberAndTaskAsync()
    {
        var organization = await NewOrganizationAsync();
        var member = await CreateUserAsync();
        await SendAsync(new AddOrganizationMemberCommand(organization.Id, member.UserId, "member"));
        var task = await SendAsync(new CreateTaskCommand("Doomed", organization.Id), member);
        return (organization, task.Id);
    }

    [Test]
    public async Task An_admin_deletes_an_empty_organization_with_an_audit_row()
    {
        var admin = await CreateUserAsync("admin");
        var organization = await NewOrganizationAsync();

        var deleted = await SendAsync(new DeleteOrganizationCommand(organization.Id), admin);

        Assert.That(deleted, Is.EqualTo(new DeletedOrganizationDto(organization.Id, organization.Name, organization.Slug, 0, 0)));
        Assert.That(await InDatabaseAsync(db => db.Organizations.AnyAsync(o => o.Id == organization.Id)), Is.False);
        var audit = await InDatabaseAsync(db => db.AdminAuditLog.SingleAsync(a => a.Action == "organization.delete" && a.TargetId == organization.Id.ToString()));
        Assert.That(audit.ActorUserId, Is.EqualTo(admin.UserId));
    }

    [Test]
    public async Task An_organization_with_members_or_tasks_is_a_conflict_without_cascade()
    {
        var (organization, taskId) = await OrganizationWithMemberAndTaskAsync();

        var conflict = Assert.ThrowsAsync<ConflictException>(() => SendAsync(new DeleteOrganizationCommand(organization.Id)));

        Assert.That(conflict!.Details["reason"], Is.EqualTo("not_empty"));
        Assert.That((conflict.Details["members"], conflict.Details["tasks"]), Is.EqualTo((1, 1)));
        Assert.That(await InDatabaseAsync(db => db.Organizations.AnyAsync(o => o.Id == organization.Id)), Is.True);
        Assert.That(await InDatabaseAsync(db => db.Tasks.AnyAsync(t => t.Id == taskId)), Is.True);
    }

    [Test]
    public async Task With_cascade_its_memberships_tasks_and_task_owners_go_with_it()
    {
        var (organization, taskId) = await OrganizationWithMemberAndTaskAsync();

        var deleted = await SendAsync(new DeleteOrganizationCommand(organization.Id, Cascade: true));

        Assert.That((deleted.Id, deleted.Members, deleted.Tasks), Is.EqualTo((organization.Id, 1, 1)));
        Assert.That(await InDatabaseAsync(db => db.Organizations.AnyAsync(o => o.Id == organization.Id)), Is.False);
        Assert.That(await InDatabaseAsync(db => db.OrganizationMembers.AnyAsync(m => m.OrganizationId == organization.Id)), Is.False);
        Assert.That(await InDatabaseAsync(db => db.Tasks.AnyAsync(t => t.Id == taskId)), Is.False);
        Assert.That(await InDatabaseAsync(db => db.TaskOwners.AnyAsync(o => o.TaskId == taskId)), Is.False);
    }

    [Test]
    public void An_unknown_organization_is_not_found() =>
        Assert.ThrowsAsync<NotFoundException>(() => SendAsync(new DeleteOrganizationCommand(int.MaxValue, Cascade: true)));

    [Test]
    public async Task A_plain_user_is_forbidden_and_nobody_signed_in_must_sign_in()
    {
        var user = await CreateUserAsync();
        var organization = await NewOrganizationAsync();

        Assert.ThrowsAsync<ForbiddenException>(() => SendAsync(new DeleteOrganizationCommand(organization.Id), user));
        Assert.ThrowsAsync<AuthRequiredException>(() => SendAsync(new DeleteOrganizationCommand(organization.Id), Caller.Anonymous));
        Assert.That(await InDatabaseAsync(db => db.Organizations.AnyAsync(o => o.Id == organization.Id)), Is.True);
    }
}
