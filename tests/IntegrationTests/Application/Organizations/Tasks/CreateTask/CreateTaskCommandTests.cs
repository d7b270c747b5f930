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

    [Test]
    public async Task Stores_exactly_what_it_answers_with_one_primary_owner_assigned_when_created()
    {
        var (member, organizationId) = await MemberOfNewOrganizationAsync();

        var created = await SendAsync(new CreateTaskCommand("Ship", organizationId, Status: WorkTaskStatus.Done, Assignee: "  bo  "), member);

        var stored = await InDatabaseAsync(db => db.Tasks.Include(t => t.Owners).SingleAsync(t => t.Id == created.Id));
        Assert.That((stored.OrganizationId, stored.Title, stored.Description, stored.Status, stored.Assignee, stored.ParentId, stored.CompletedAt),
            Is.EqualTo((organizationId, "Ship", (string?)null, WorkTaskStatus.Done, (string?)"bo", (int?)null, (DateTimeOffset?)null)));
        Assert.That((created.Assignee, created.Description), Is.EqualTo(("bo", (JsonElement?)null)));
        Assert.That(stored.CreatedAt, Is.EqualTo(created.CreatedAt).Within(TimeSpan.FromMilliseconds(0.001)));
        Assert.That(stored.UpdatedAt, Is.EqualTo(stored.CreatedAt));
        var owner = stored.Owners.Single();
        Assert.That((owner.UserId, owner.IsPrimary, owner.AssignedAt), Is.EqualTo((member.UserId!.Value, true, stored.CreatedAt)));
    }

    [TestCase("""{"time":1,"blocks":[{"type":"paragraph","data":{"text":"a \"q\" \u00e9"}}]}""")]
    [TestCase("""[1,2.50,-0,"x"]""")]
    [TestCase("\"text\"")]
    [TestCase("42")]
    public async Task A_json_description_is_stored_as_jsonb_and_answered_as_sent(string json)
    {
        var (member, organizationId) = await MemberOfNewOrganizationAsync();
        var description = JsonElement.Parse(json);

        var created = await SendAsync(new CreateTaskCommand("x", organizationId, description), member);

        Assert.That(created.Description?.GetRawText(), Is.EqualTo(json));
        var stored = await InDatabaseAsync(db => db.Database
            .SqlQuery<bool>($"SELECT description = {json}::jsonb AS \"Value\" FROM organizations.tasks WHERE id = {created.Id}").SingleAsync());
        Assert.That(stored, Is.True);
    }

    [Test]
    public async Task A_json_null_description_is_no_description()
    {
        var (member, organizationId) = await MemberOfNewOrganizationAsync();

        var created = await SendAsync(new CreateTaskCommand("x", organizationId, JsonElement.Parse("null")), member);

        Assert.That(created.Description, Is.Null);
        Assert.That(await InDatabaseAsync(db => db.Tasks.Where(t => t.Id == created.Id).Select(t => t.Description).SingleAsync()), Is.Null);
    }

    [Test]
    public async Task Without_an_organization_a_member_of_none_or_of_several_is_refused_and_nothing_is_stored()
    {
        var loner = await CreateUserAsync();
        var (busy, first) = await MemberOfNewOrganizationAsync();
        var second = await SendAsync(new CreateOrganizationCommand(Unique("Second"), null));
        await SendAsync(new AddOrganizationMemberCommand(second.Id, busy.UserId, "member"));
        var before = await InDatabaseAsync(db => db.Tasks.CountAsync());

        var none = Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new CreateTaskCommand("x"), loner));
        var several = Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new CreateTaskCommand("x"), busy));

        Assert.That(none!.Details["reason"], Is.EqualTo("no_organization"));
        Assert.That(several!.Details["reason"], Is.EqualTo("multiple_organizations"));
        Assert.That(await InDatabaseAsync(db => db.Tasks.CountAsync()), Is.EqualTo(before));
        Assert.That((await SendAsync(new CreateTaskCommand("x", first), busy)).OrganizationId, Is.EqualTo(first));
        Assert.That((await SendAsync(new CreateTaskCommand("x", second.Id), busy)).OrganizationId, Is.EqualTo(second.Id));
    }

    [Test]
    public async Task A_missing_or_foreign_organization_is_refused_alike_and_nothing_is_stored()
    {
        var (member, _) = await MemberOfNewOrganizationAsync();
        var other = await SendAsync(new CreateOrganizationCommand(Unique("Other"), null));
        var before = await InDatabaseAsync(db => db.Tasks.CountAsync());

        var foreign = Assert.ThrowsAsync<ForbiddenException>(() => SendAsync(new CreateTaskCommand("x", other.Id), member));
        var missing = Assert.ThrowsAsync<ForbiddenException>(() => SendAsync(new CreateTaskCommand("x", int.MaxValue), member));

        Assert.That((foreign!.Details["organizationId"], foreign.Details["reason"]), Is.EqualTo(((object?)other.Id, (object?)"organization_not_accessible")));
        Assert.That((missing!.Details["organizationId"], missing.Details["reason"]), Is.EqualTo(((object?)int.MaxValue, (object?)"organization_not_accessible")));
        Assert.That(await InDatabaseAsync(db => db.Tasks.CountAsync()), Is.EqualTo(before));
    }

    [Test]
    public async Task An_invalid_title_is_reported_before_the_membership()
    {
        var loner = await CreateUserAsync();
        var other = await SendAsync(new CreateOrganizationCommand(Unique("Other"), null));

        Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new CreateTaskCommand(" ", other.Id), loner));
        var unscoped = Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new CreateTaskCommand("", null), loner));
        Assert.That(unscoped!.Details.GetValueOrDefault("reason"), Is.Null, "the title, not the missing membership");
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
