using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Platform.Application.Common.Security;
using Platform.Application.Organizations.CreateOrganization;
using Platform.Application.Organizations.Members.AddOrganizationMember;
using Platform.Application.Organizations.Tasks.CreateTask;
using Platform.Domain.Common;
using Platform.Domain.Organizations;

namespace Platform.IntegrationTests.Application.Organizations.Tasks.CreateTask;

public sealed class CreateTaskCommandTests : MediatorFixture
{
    private async Task<(Caller Member, int OrganizationId)> MemberOfNewOrganizationAsync()
    {
        var member = await CreateUserAsync();
        var organization = await SendAsync(new CreateOrganizationCommand(Unique("Org"), null));
        await SendAsync(new AddOrganizationMemberCommand(organization.Id, member.UserId, "member"));
        return (member, organization.Id);
    }

    [Test]
    public async Task Creates_the_task_in_the_members_only_organization_with_the_caller_as_primary_owner()
    {
        var (member, organizationId) = await MemberOfNewOrganizationAsync();
        var description = JsonDocument.Parse("""{"blocks":[{"type":"paragraph","data":{"text":"hi"}}]}""").RootElement;

        var created = await SendAsync(new CreateTaskCommand("  Write the report  ", Description: description, Assignee: "ana"), member);

        Assert.That(created.OrganizationId, Is.EqualTo(organizationId));
        Assert.That(created.Status, Is.EqualTo(WorkTaskStatus.Todo));
        Assert.That(created.Description?.GetRawText(), Is.EqualTo(description.GetRawText()));
        var stored = await InDatabaseAsync(db => db.Tasks.Include(t => t.Owners).SingleAsync(t => t.Id == created.Id));
        Assert.That(stored.Title, Is.EqualTo(created.Title));
        Assert.That(stored.Owners.Select(o => (o.UserId, o.IsPrimary)), Is.EqualTo(new[] { (member.UserId!.Value, true) }));
    }

    [Test]
    public async Task A_token_without_tasks_write_is_refused_before_anything_is_stored()
    {
        var (member, organizationId) = await MemberOfNewOrganizationAsync();

        Assert.ThrowsAsync<InsufficientScopeException>(() => SendAsync(new CreateTaskCommand("x", organizationId), member.WithScopes(Scopes.TasksRead)));
        Assert.That(await InDatabaseAsync(db => db.Tasks.CountAsync(t => t.OrganizationId == organizationId)), Is.Zero);
        Assert.That((await SendAsync(new CreateTaskCommand("x", organizationId), member.WithScopes(Scopes.TasksWrite))).Id, Is.GreaterThan(0));
    }

    [Test]
    public void Nobody_signed_in_is_refused() =>
        Assert.ThrowsAsync<AuthRequiredException>(() => SendAsync(new CreateTaskCommand("x"), Caller.Anonymous));

    [Test]
    public async Task An_organization_the_caller_is_not_a_member_of_is_refused()
    {
        var (member, _) = await MemberOfNewOrganizationAsync();
        var other = await SendAsync(new CreateOrganizationCommand(Unique("Other"), null));

        Assert.ThrowsAsync<ForbiddenException>(() => SendAsync(new CreateTaskCommand("x", other.Id), member));
    }

    [TestCase("")]
    [TestCase("   ")]
    [TestCase("a\0b")]
    public async Task Invalid_titles_are_validation_errors(string title)
    {
        var (member, organizationId) = await MemberOfNewOrganizationAsync();

        Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new CreateTaskCommand(title, organizationId), member));
    }

    [Test]
    public async Task A_title_longer_than_the_limit_is_a_validation_error()
    {
        var (member, organizationId) = await MemberOfNewOrganizationAsync();

        Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new CreateTaskCommand(new string('t', WorkTask.MaxTitleLength + 1), organizationId), member));
    }
}
