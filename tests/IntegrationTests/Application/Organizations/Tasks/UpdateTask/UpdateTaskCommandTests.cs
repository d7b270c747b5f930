using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Platform.Application.Common;
using Platform.Application.Common.Security;
using Platform.Application.Organizations.CreateOrganization;
using Platform.Application.Organizations.Members.AddOrganizationMember;
using Platform.Application.Organizations.Tasks;
using Platform.Application.Organizations.Tasks.CreateTask;
using Platform.Application.Organizations.Tasks.GetTask;
using Platform.Application.Organizations.Tasks.UpdateTask;
using Platform.Domain.Common;
using Platform.Domain.Organizations;

namespace Platform.IntegrationTests.Application.Organizations.Tasks.UpdateTask;

public sealed class UpdateTaskCommandTests : MediatorFixture
{
    /// <summary>A member's task "Original" (TODO, assignee "ana", description {"v":1}).</summary>
    private async Task<(Caller Member, CreatedTaskDto Task)> MembersTaskAsync()
    {
        var organization = await SendAsync(new CreateOrganizationCommand(Unique("Org"), null));
        var member = await CreateUserAsync();
        await SendAsync(new AddOrganizationMemberCommand(organization.Id, member.UserId, "member"));
        var task = await SendAsync(new CreateTaskCommand("Original", organization.Id, JsonElement.Parse("""{"v":1}"""), Assignee: "ana"), member);
        return (member, task);
    }

    private Task<WorkTask> StoredAsync(int taskId) => InDatabaseAsync(db => db.Tasks.AsNoTracking().SingleAsync(t => t.Id == taskId));

    [Test]
    public async Task A_member_changes_the_supplied_fields_and_the_others_stay()
    {
        var (member, created) = await MembersTaskAsync();
        var completedAt = new DateTimeOffset(2030, 1, 2, 15, 4, 5, TimeSpan.FromHours(2));

        var updated = await SendAsync(
            new UpdateTaskCommand(created.Id) { Title = "  Renamed  ", Status = WorkTaskStatus.Done, CompletedAt = completedAt }, member);

        Assert.That((updated.Id, updated.OrganizationId, updated.Title, updated.Status, updated.Assignee),
            Is.EqualTo((created.Id, created.OrganizationId, "Renamed", WorkTaskStatus.Done, "ana")));
        Assert.That(updated.CompletedAt, Is.EqualTo(completedAt));
        Assert.That(updated.CompletedAt!.Value.Offset, Is.EqualTo(TimeSpan.Zero), "stored as UTC");
        Assert.That(updated.Description?.GetProperty("v").GetInt32(), Is.EqualTo(1));
        Assert.That(updated.UpdatedAt, Is.GreaterThan(created.CreatedAt));
        var stored = await StoredAsync(created.Id);
        Assert.That((stored.Title, stored.Status, stored.Assignee, stored.CompletedAt), Is.EqualTo(("Renamed", WorkTaskStatus.Done, "ana", (DateTimeOffset?)completedAt)));
        Assert.That(stored.UpdatedAt, Is.EqualTo(updated.UpdatedAt).Within(TimeSpan.FromMilliseconds(1)));
        Assert.That(JsonElement.Parse(stored.Description!).GetProperty("v").GetInt32(), Is.EqualTo(1));
    }

    [Test]
    public async Task A_json_null_description_is_stored_as_json_null_and_null_clears_the_assignee_and_completion()
    {
        var (member, created) = await MembersTaskAsync();
        await SendAsync(new UpdateTaskCommand(created.Id) { CompletedAt = DateTimeOffset.UtcNow }, member);

        var updated = await SendAsync(new UpdateTaskCommand(created.Id)
        {
            Description = JsonElement.Parse("null"),
            Assignee = Optional<string?>.Of(null),
            CompletedAt = Optional<DateTimeOffset?>.Of(null),
        }, member);

        Assert.That((updated.Description?.ValueKind, updated.Assignee, updated.CompletedAt), Is.EqualTo(((JsonValueKind?)JsonValueKind.Null, (string?)null, (DateTimeOffset?)null)));
        var stored = await StoredAsync(created.Id);
        Assert.That((stored.Description, stored.Assignee, stored.CompletedAt), Is.EqualTo(("null", (string?)null, (DateTimeOffset?)null)));
        Assert.That((await SendAsync(new GetTaskQuery(created.Id), member)).Description?.Value, Is.EqualTo("null"));
    }

    [Test]
    public async Task Changing_nothing_answers_the_task_as_it_is_without_touching_it()
    {
        var (member, created) = await MembersTaskAsync();
        var before = await StoredAsync(created.Id);

        var unchanged = await SendAsync(new UpdateTaskCommand(created.Id), member);

        Assert.That((unchanged.Title, unchanged.Status, unchanged.Assignee), Is.EqualTo(("Original", WorkTaskStatus.Todo, "ana")));
        Assert.That(unchanged.Description?.GetProperty("v").GetInt32(), Is.EqualTo(1));
        Assert.That((await StoredAsync(created.Id)).UpdatedAt, Is.EqualTo(before.UpdatedAt));
    }

    [Test]
    public async Task A_task_outside_the_users_organizations_is_not_found_and_stays_unchanged()
    {
        var (_, created) = await MembersTaskAsync();
        var outsider = await CreateUserAsync();

        Assert.ThrowsAsync<NotFoundException>(() => SendAsync(new UpdateTaskCommand(created.Id) { Title = "Hijacked" }, outsider));
        Assert.ThrowsAsync<NotFoundException>(() => SendAsync(new UpdateTaskCommand(created.Id) { Title = "Hijacked" }, Owner));
        Assert.ThrowsAsync<NotFoundException>(() => SendAsync(new UpdateTaskCommand(int.MaxValue) { Title = "Nothing" }, outsider));
        Assert.That((await StoredAsync(created.Id)).Title, Is.EqualTo("Original"));
    }

    [Test]
    public async Task A_token_needs_the_tasks_write_scope_and_nobody_signed_in_must_sign_in()
    {
        var (member, created) = await MembersTaskAsync();

        Assert.ThrowsAsync<InsufficientScopeException>(() => SendAsync(new UpdateTaskCommand(created.Id) { Title = "Read only" }, member.WithScopes(Scopes.TasksRead)));
        Assert.ThrowsAsync<AuthRequiredException>(() => SendAsync(new UpdateTaskCommand(created.Id) { Title = "Anonymous" }, Caller.Anonymous));
        Assert.That((await StoredAsync(created.Id)).Title, Is.EqualTo("Original"));

        Assert.That((await SendAsync(new UpdateTaskCommand(created.Id) { Title = "Written" }, member.WithScopes(Scopes.TasksWrite))).Title, Is.EqualTo("Written"));
    }

    // A lone surrogate cannot go through an attribute (its UTF-8 blob turns it into U+FFFD): a source gives it at run time.
    private static readonly string?[] InvalidTitles = [null, "", "   ", "a\0b", "\ud800", new string('t', WorkTask.MaxTitleLength + 1)];

    [TestCaseSource(nameof(InvalidTitles))]
    public async Task Invalid_titles_are_validation_errors(string? title)
    {
        var (member, created) = await MembersTaskAsync();

        var error = Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new UpdateTaskCommand(created.Id) { Title = title! }, member));
        Assert.That(error!.Details["field"], Is.EqualTo("title"));
        Assert.That((await StoredAsync(created.Id)).Title, Is.EqualTo("Original"));
    }

    private static readonly string[] InvalidAssignees = ["a\0b", "x\udc00", new string('a', WorkTask.MaxAssigneeLength + 1)];

    [TestCaseSource(nameof(InvalidAssignees))]
    public async Task Invalid_assignees_are_validation_errors(string assignee)
    {
        var (member, created) = await MembersTaskAsync();

        var error = Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new UpdateTaskCommand(created.Id) { Assignee = assignee }, member));
        Assert.That(error!.Details["field"], Is.EqualTo("assignee"));
        Assert.That((await StoredAsync(created.Id)).Assignee, Is.EqualTo("ana"));
    }

    [TestCase("""{"text":"a\u0000b"}""")]
    [TestCase("""["\ud800"]""")]
    [TestCase("""{"bad\u0000key":1}""")]
    public async Task Descriptions_holding_text_postgresql_cannot_store_are_validation_errors(string json)
    {
        var (member, created) = await MembersTaskAsync();

        var error = Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new UpdateTaskCommand(created.Id) { Description = JsonElement.Parse(json) }, member));
        Assert.That(error!.Details["field"], Is.EqualTo("description"));
        Assert.That(JsonElement.Parse((await StoredAsync(created.Id)).Description!).GetProperty("v").GetInt32(), Is.EqualTo(1));
    }

    [Test]
    public async Task A_description_longer_than_the_limit_is_a_validation_error()
    {
        var (member, created) = await MembersTaskAsync();
        var oversize = JsonSerializer.SerializeToElement(new string('d', TaskDescription.MaxLength));

        Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new UpdateTaskCommand(created.Id) { Description = oversize }, member));
    }
}
