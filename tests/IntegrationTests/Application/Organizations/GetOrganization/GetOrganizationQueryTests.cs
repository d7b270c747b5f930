using Platform.Application.Organizations;
using Platform.Application.Organizations.CreateOrganization;
using Platform.Application.Organizations.GetOrganization;
using Platform.Application.Organizations.Members.AddOrganizationMember;
using Platform.Application.Organizations.Tasks.CreateTask;
using Platform.Domain.Common;

namespace Platform.IntegrationTests.Application.Organizations.GetOrganization;

public sealed class GetOrganizationQueryTests : MediatorFixture
{
    private Task<OrganizationDto> NewOrganizationAsync() => SendAsync(new CreateOrganizationCommand(Unique("Org"), null));

    [Test]
    public async Task An_admin_reads_the_organization_with_its_member_and_task_counts()
    {
        var admin = await CreateUserAsync("admin");
        var organization = await NewOrganizationAsync();
        var member = await CreateUserAsync();
        await SendAsync(new AddOrganizationMemberCommand(organization.Id, member.UserId, "member"));
        await SendAsync(new AddOrganizationMemberCommand(organization.Id, (await CreateUserAsync()).UserId, "owner"));
        await SendAsync(new CreateTaskCommand("One", organization.Id), member);
        await SendAsync(new CreateTaskCommand("Two", organization.Id), member);
        await SendAsync(new CreateTaskCommand("Three", organization.Id), member);

        var found = await SendAsync(new GetOrganizationQuery(organization.Id), admin);

        Assert.That(found with { CreatedAt = default }, Is.EqualTo(new AdminOrganizationDto(organization.Id, organization.Name, organization.Slug, null, default, 2, 3)));
        Assert.That(found.CreatedAt, Is.EqualTo(organization.CreatedAt).Within(TimeSpan.FromMilliseconds(1)));
    }

    [Test]
    public async Task A_new_organization_has_no_members_nor_tasks()
    {
        var organization = await NewOrganizationAsync();

        var found = await SendAsync(new GetOrganizationQuery(organization.Id));

        Assert.That((found.Name, found.MemberCount, found.TaskCount), Is.EqualTo((organization.Name, 0, 0)));
    }

    [Test]
    public void An_unknown_organization_is_not_found() =>
        Assert.ThrowsAsync<NotFoundException>(() => SendAsync(new GetOrganizationQuery(int.MaxValue)));

    [Test]
    public async Task A_plain_user_is_forbidden_even_as_a_member_and_nobody_signed_in_must_sign_in()
    {
        var organization = await NewOrganizationAsync();
        var member = await CreateUserAsync();
        await SendAsync(new AddOrganizationMemberCommand(organization.Id, member.UserId, "owner"));

        Assert.ThrowsAsync<ForbiddenException>(() => SendAsync(new GetOrganizationQuery(organization.Id), member));
        Assert.ThrowsAsync<AuthRequiredException>(() => SendAsync(new GetOrganizationQuery(organization.Id), Caller.Anonymous));
    }
}
