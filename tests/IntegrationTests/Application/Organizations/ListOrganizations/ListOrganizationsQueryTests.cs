using Platform.Application.Common.Security;
using Platform.Application.Organizations;
using Platform.Application.Organizations.CreateOrganization;
using Platform.Application.Organizations.ListOrganizations;
using Platform.Application.Organizations.Members.AddOrganizationMember;
using Platform.Domain.Common;
using Platform.Domain.Organizations;

namespace Platform.IntegrationTests.Application.Organizations.ListOrganizations;

public sealed class ListOrganizationsQueryTests : MediatorFixture
{
    [Test]
    public async Task A_user_sees_only_the_organizations_they_belong_to_by_name_with_their_role()
    {
        var user = await CreateUserAsync();
        var beta = await SendAsync(new CreateOrganizationCommand(Unique("Beta"), null));
        var alpha = await SendAsync(new CreateOrganizationCommand(Unique("Alpha"), null));
        await SendAsync(new CreateOrganizationCommand(Unique("Other"), null));
        await SendAsync(new AddOrganizationMemberCommand(beta.Id, user.UserId, "member"));
        await SendAsync(new AddOrganizationMemberCommand(alpha.Id, user.UserId, "admin"));

        var organizations = await SendAsync(new ListOrganizationsQuery(), user);

        Assert.That(organizations, Is.EqualTo(new[]
        {
            new OrganizationMembershipDto(alpha.Id, alpha.Name, alpha.Slug, OrganizationRole.Admin),
            new OrganizationMembershipDto(beta.Id, beta.Name, beta.Slug, OrganizationRole.Member),
        }));
    }

    [Test]
    public async Task A_system_owner_who_is_no_member_sees_none()
    {
        await SendAsync(new CreateOrganizationCommand(Unique("Org"), null));
        var owner = await CreateUserAsync("owner");

        Assert.That(await SendAsync(new ListOrganizationsQuery(), owner), Is.Empty);
    }

    [Test]
    public async Task A_token_needs_the_organizations_read_scope()
    {
        var user = await CreateUserAsync();
        var organization = await SendAsync(new CreateOrganizationCommand(Unique("Org"), null));
        await SendAsync(new AddOrganizationMemberCommand(organization.Id, user.UserId, "member"));

        Assert.ThrowsAsync<InsufficientScopeException>(() => SendAsync(new ListOrganizationsQuery(), user.WithScopes(Scopes.TasksRead, Scopes.TasksWrite)));
        var listed = await SendAsync(new ListOrganizationsQuery(), user.WithScopes(Scopes.OrganizationsRead));
        Assert.That(listed.Select(o => o.Id), Is.EqualTo(new[] { organization.Id }));
    }

    [Test]
    public void Nobody_signed_in_is_refused() =>
        Assert.ThrowsAsync<AuthRequiredException>(() => SendAsync(new ListOrganizationsQuery(), Caller.Anonymous));
}
