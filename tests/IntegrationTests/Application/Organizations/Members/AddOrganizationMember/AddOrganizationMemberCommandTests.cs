using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Platform.Application.Identity.Admin.Users.DisableUser;
using Platform.Application.Organizations;
using Platform.Application.Organizations.CreateOrganization;
using Platform.Application.Organizations.ListOrganizations;
using Platform.Application.Organizations.Members.AddOrganizationMember;
using Platform.Domain.Common;
using Platform.Domain.Organizations;

namespace Platform.IntegrationTests.Application.Organizations.Members.AddOrganizationMember;

public sealed class AddOrganizationMemberCommandTests : MediatorFixture
{
    private Task<OrganizationDto> NewOrganizationAsync() => SendAsync(new CreateOrganizationCommand(Unique("Org"), null));

    [Test]
    public async Task An_admin_adds_a_user_who_then_sees_the_organization_with_an_audit_row()
    {
        var admin = await CreateUserAsync("admin");
        var user = await CreateUserAsync();
        var organization = await NewOrganizationAsync();

        var member = await SendAsync(new AddOrganizationMemberCommand(organization.Id, user.UserId, "admin"), admin);

        Assert.That((member.OrganizationId, member.UserId, member.Role), Is.EqualTo((organization.Id, user.UserId!.Value, OrganizationRole.Admin)));
        var stored = await InDatabaseAsync(db => db.OrganizationMembers.SingleAsync(m => m.Id == member.Id));
        Assert.That((stored.OrganizationId, stored.UserId, stored.Role), Is.EqualTo((organization.Id, user.UserId.Value, OrganizationRole.Admin)));
        Assert.That((await SendAsync(new ListOrganizationsQuery(), user)).Select(o => o.Id), Is.EqualTo(new[] { organization.Id }));
        var audit = await InDatabaseAsync(db => db.AdminAuditLog.SingleAsync(a => a.Action == "organization.member_add" && a.TargetId == organization.Id.ToString()));
        Assert.That(audit.ActorUserId, Is.EqualTo(admin.UserId));
        using var summary = JsonDocument.Parse(audit.Summary);
        Assert.That(summary.RootElement.GetProperty("userId").GetInt32(), Is.EqualTo(user.UserId));
        Assert.That(summary.RootElement.GetProperty("role").GetString(), Is.EqualTo("admin"));
    }

    [Test]
    public async Task Adding_a_member_twice_is_a_conflict()
    {
        var user = await CreateUserAsync();
        var organization = await NewOrganizationAsync();
        await SendAsync(new AddOrganizationMemberCommand(organization.Id, user.UserId, "member"));

        Assert.ThrowsAsync<ConflictException>(() => SendAsync(new AddOrganizationMemberCommand(organization.Id, user.UserId, "owner")));

        var roles = await InDatabaseAsync(db => db.OrganizationMembers.Where(m => m.OrganizationId == organization.Id).Select(m => m.Role).ToListAsync());
        Assert.That(roles, Is.EqualTo(new[] { OrganizationRole.Member }));
    }

    [Test]
    public async Task An_unknown_organization_or_user_is_not_found()
    {
        var user = await CreateUserAsync();
        var organization = await NewOrganizationAsync();

        Assert.ThrowsAsync<NotFoundException>(() => SendAsync(new AddOrganizationMemberCommand(int.MaxValue, user.UserId, "member")));
        var unknownUser = Assert.ThrowsAsync<NotFoundException>(() => SendAsync(new AddOrganizationMemberCommand(organization.Id, int.MaxValue, "member")));
        Assert.That(unknownUser!.Details["field"], Is.EqualTo("userId"));
        Assert.That(await InDatabaseAsync(db => db.OrganizationMembers.AnyAsync(m => m.OrganizationId == organization.Id)), Is.False);
    }

    [Test]
    public async Task A_disabled_user_cannot_be_added()
    {
        var user = await CreateUserAsync();
        var organization = await NewOrganizationAsync();
        await SendAsync(new DisableUserCommand(user.UserId!.Value));

        Assert.ThrowsAsync<NotFoundException>(() => SendAsync(new AddOrganizationMemberCommand(organization.Id, user.UserId, "member")));
        Assert.That(await InDatabaseAsync(db => db.OrganizationMembers.AnyAsync(m => m.OrganizationId == organization.Id)), Is.False);
    }

    [TestCase(null)]
    [TestCase(0)]
    [TestCase(-3)]
    public async Task A_missing_or_non_positive_user_id_is_a_validation_error(int? userId)
    {
        var organization = await NewOrganizationAsync();

        var error = Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new AddOrganizationMemberCommand(organization.Id, userId, "member")));
        Assert.That(error!.Details["field"], Is.EqualTo("userId"));
    }

    private static readonly string?[] InvalidRoles = [null, "", "Owner", "superuser", " member", "a\0b", "\ud800"];

    [TestCaseSource(nameof(InvalidRoles))]
    public async Task Roles_other_than_owner_admin_member_are_validation_errors(string? role)
    {
        var user = await CreateUserAsync();
        var organization = await NewOrganizationAsync();

        var error = Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new AddOrganizationMemberCommand(organization.Id, user.UserId, role)));
        Assert.That(error!.Details["field"], Is.EqualTo("role"));
        Assert.That(await InDatabaseAsync(db => db.OrganizationMembers.AnyAsync(m => m.OrganizationId == organization.Id)), Is.False);
    }

    [Test]
    public async Task A_plain_user_is_forbidden_and_nobody_signed_in_must_sign_in()
    {
        var user = await CreateUserAsync();
        var organization = await NewOrganizationAsync();

        Assert.ThrowsAsync<ForbiddenException>(() => SendAsync(new AddOrganizationMemberCommand(organization.Id, user.UserId, "owner"), user));
        Assert.ThrowsAsync<AuthRequiredException>(() => SendAsync(new AddOrganizationMemberCommand(organization.Id, user.UserId, "owner"), Caller.Anonymous));
        Assert.That(await InDatabaseAsync(db => db.OrganizationMembers.AnyAsync(m => m.OrganizationId == organization.Id)), Is.False);
    }
}
