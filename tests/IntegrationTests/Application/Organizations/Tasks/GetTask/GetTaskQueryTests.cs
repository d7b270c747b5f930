using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Platform.Application.Common;
using Platform.Application.Common.Security;
using Platform.Application.Organizations;
using Platform.Application.Organizations.CreateOrganization;
using Platform.Application.Organizations.Members.AddOrganizationMember;
using Platform.Application.Organizations.Tasks;
using Platform.Application.Organizations.Tasks.CreateTask;
using Platform.Application.Organizations.Tasks.GetTask;
using Platform.Domain.Common;
using Platform.Domain.Organizations;

namespace Platform.IntegrationTests.Application.Organizations.Tasks.GetTask;

public sealed class GetTaskQueryTests : MediatorFixture
{
    private sealed record TaskTree(Caller Member, string MemberName, Caller CoOwner, int OrganizationId, int ParentId, int TaskId, int SubtaskId);

    /// <summary>A member's task with a parent, a subtask and a second (non-primary) owner; the tree is linked directly in the database.</summary>
    private async Task<TaskTree> TaskTreeAsync()
    {
        var organization = await SendAsync(new CreateOrganizationCommand(Unique("Org"), null));
        var memberName = Unique("Creator");
        var member = await CreateUserAsync(name: memberName);
        var coOwner = await CreateUserAsync();
        await SendAsync(new AddOrganizationMemberCommand(organization.Id, member.UserId, "member"));
        var parent = await SendAsync(new CreateTaskCommand("Parent", organization.Id), member);
        var task = await SendAsync(
            new CreateTaskCommand("Child", organization.Id, JsonElement.Parse("""{"text":"hi","n":1}"""), WorkTaskStatus.InProgress, "ana"), member);
        var subtask = await SendAsync(new CreateTaskCommand("Grandchild", organization.Id, Status: WorkTaskStatus.Done), member);
        await InDatabaseAsync(async db =>
        {
            var tasks = await db.Tasks.Include(t => t.Owners).Where(t => t.Id == parent.Id || t.Id == task.Id || t.Id == subtask.Id).ToDictionaryAsync(t => t.Id);
            tasks[task.Id].MakeSubtaskOf(tasks[parent.Id], DateTimeOffset.UtcNow);
            tasks[subtask.Id].MakeSubtaskOf(tasks[task.Id], DateTimeOffset.UtcNow);
            tasks[task.Id].AddOwner(coOwner.UserId!.Value, isPrimary: false, DateTimeOffset.UtcNow);
            return await db.SaveChangesAsync();
        });
        return new TaskTree(member, memberName, coOwner, organization.Id, parent.Id, task.Id, subtask.Id);
    }

    [Test]
    public async Task A_member_reads_the_task_with_its_owners_subtasks_and_parent()
    {
        var tree = await TaskTreeAsync();

        var task = await SendAsync(new GetTaskQuery(tree.TaskId), tree.Member);

        Assert.That((task.Id, task.OrganizationId, task.Title, task.Status, task.Assignee, task.ParentId),
            Is.EqualTo((tree.TaskId, tree.OrganizationId, "Child", WorkTaskStatus.InProgress, "ana", (int?)tree.ParentId)));
        var description = JsonElement.Parse(task.Description!.Value.Value);
        Assert.That(description.GetProperty("text").GetString(), Is.EqualTo("hi"));
        Assert.That(description.GetProperty("n").GetInt32(), Is.EqualTo(1));
        Assert.That(task.Parent, Is.EqualTo(new TaskParentDto(tree.ParentId, "Parent")));
        Assert.That(task.Subtasks.Select(s => (s.Id, s.Title, s.Status)), Is.EqualTo(new[] { (tree.SubtaskId, "Grandchild", WorkTaskStatus.Done) }));
        var owners = task.Owners.OrderByDescending(o => o.IsPrimary).ToList();
        Assert.That(owners.Select(o => (o.UserId, o.IsPrimary, o.TaskId)), Is.EqualTo(new[]
        {
            (tree.Member.UserId!.Value, true, tree.TaskId),
            (tree.CoOwner.UserId!.Value, false, tree.TaskId),
        }));
        Assert.That(owners[0].User?.Name, Is.EqualTo(tree.MemberName));
        Assert.That(owners[0].User?.Email, Does.EndWith("@example.com"));
    }

    [Test]
    public async Task A_user_outside_the_organization_gets_not_found_as_for_a_missing_task()
    {
        var tree = await TaskTreeAsync();
        var outsider = await CreateUserAsync();

        var hidden = Assert.ThrowsAsync<NotFoundException>(() => SendAsync(new GetTaskQuery(tree.TaskId), outsider));
        var missing = Assert.ThrowsAsync<NotFoundException>(() => SendAsync(new GetTaskQuery(int.MaxValue), tree.Member));

        Assert.That(hidden!.Details[OrganizationErrors.ReasonKey], Is.EqualTo(OrganizationErrors.TaskNotAccessible));
        Assert.That((hidden.Message, hidden.Details[OrganizationErrors.ReasonKey]), Is.EqualTo((missing!.Message, missing.Details[OrganizationErrors.ReasonKey])));
    }

    [Test]
    public async Task Owners_users_are_read_in_the_same_statement_as_they_are_now_renamed_or_gone()
    {
        // The owners' users come from Identity's published view in the task's own statement (decision 0216): no
        // cache, so a rename shows at once and a user whose record is gone reads as null.
        var tree = await TaskTreeAsync();
        var renamed = Unique("Renamed");
        await InDatabaseAsync(db => db.Database.ExecuteSqlRawAsync("UPDATE identity.users SET name = {0} WHERE id = {1}", renamed, tree.Member.UserId!.Value));
        await InDatabaseAsync(db => db.Database.ExecuteSqlRawAsync("DELETE FROM identity.users WHERE id = {0}", tree.CoOwner.UserId!.Value));

        var task = await SendAsync(new GetTaskQuery(tree.TaskId), tree.Member);

        var owners = task.Owners.OrderByDescending(o => o.IsPrimary).ToList();
        Assert.That(owners.Select(o => o.UserId), Is.EqualTo(new[] { tree.Member.UserId!.Value, tree.CoOwner.UserId!.Value }));
        Assert.That(owners[0].User?.Name, Is.EqualTo(renamed));
        Assert.That(owners[1].User, Is.Null);
    }

    [Test]
    public async Task Owners_and_subtasks_come_in_id_order_with_each_owners_user_and_each_subtasks_completion()
    {
        var tree = await TaskTreeAsync();
        var third = await CreateUserAsync(name: Unique("Third"));
        var doneAt = new DateTimeOffset(2026, 11, 30, 8, 15, 30, 123, TimeSpan.Zero);
        var second = await SendAsync(new CreateTaskCommand("Second grandchild", tree.OrganizationId), tree.Member);
        await InDatabaseAsync(async db =>
        {
            var tasks = await db.Tasks.Include(t => t.Owners).Where(t => t.Id == tree.TaskId || t.Id == tree.SubtaskId || t.Id == second.Id).ToDictionaryAsync(t => t.Id);
            tasks[second.Id].MakeSubtaskOf(tasks[tree.TaskId], DateTimeOffset.UtcNow);
            tasks[tree.SubtaskId].MarkCompletedAt(doneAt, DateTimeOffset.UtcNow);
            tasks[tree.TaskId].AddOwner(third.UserId!.Value, isPrimary: false, DateTimeOffset.UtcNow);
            return await db.SaveChangesAsync();
        });
        var expectedOwners = await InDatabaseAsync(db => db.TaskOwners.Where(o => o.TaskId == tree.TaskId).OrderBy(o => o.Id)
            .Select(o => new { o.Id, o.UserId, o.IsPrimary, o.AssignedAt }).ToListAsync());
        var users = await InDatabaseAsync(db => db.Users.Where(u => expectedOwners.Select(o => o.UserId).Contains(u.Id)).ToDictionaryAsync(u => u.Id));

        var task = await SendAsync(new GetTaskQuery(tree.TaskId), tree.Member);

        Assert.That(task.Owners.Select(o => (o.Id, o.TaskId, o.UserId, o.IsPrimary, o.AssignedAt)),
            Is.EqualTo(expectedOwners.Select(o => (o.Id, tree.TaskId, o.UserId, o.IsPrimary, o.AssignedAt))));
        Assert.That(task.Owners.Select(o => o.User), Is.EqualTo(expectedOwners.Select(o => new TaskOwnerUserDto(o.UserId, users[o.UserId].Name, users[o.UserId].Email))));
        Assert.That(task.Owners.Select(o => o.UserId), Is.EqualTo(new[] { tree.Member.UserId!.Value, tree.CoOwner.UserId!.Value, third.UserId!.Value }));
        Assert.That(task.Subtasks, Is.EqualTo(new[]
        {
            new SubtaskDto(tree.SubtaskId, "Grandchild", WorkTaskStatus.Done, doneAt),
            new SubtaskDto(second.Id, "Second grandchild", WorkTaskStatus.Todo, null),
        }));
    }

    [Test]
    public async Task A_task_without_description_parent_subtasks_or_owners_reads_as_nulls_and_empty_lists()
    {
        var tree = await TaskTreeAsync();
        var bare = await SendAsync(new CreateTaskCommand("Bare", tree.OrganizationId), tree.Member);
        await InDatabaseAsync(db => db.TaskOwners.Where(o => o.TaskId == bare.Id).ExecuteDeleteAsync());

        var task = await SendAsync(new GetTaskQuery(bare.Id), tree.Member);

        Assert.That((task.Description, task.Parent, task.ParentId, task.CompletedAt, task.Assignee), Is.EqualTo(((JsonText?)null, (TaskParentDto?)null, (int?)null, (DateTimeOffset?)null, (string?)null)));
        Assert.That(task.Owners, Is.Empty);
        Assert.That(task.Subtasks, Is.Empty);
    }

    [Test]
    public async Task The_description_is_the_stored_json_text()
    {
        var tree = await TaskTreeAsync();
        var stored = await InDatabaseAsync(db => db.Database.SqlQuery<string>($"SELECT description::text AS \"Value\" FROM organizations.tasks WHERE id = {tree.TaskId}").SingleAsync());

        var task = await SendAsync(new GetTaskQuery(tree.TaskId), tree.Member);

        Assert.That(task.Description, Is.EqualTo(new JsonText(stored)));
    }

    [Test]
    public async Task A_member_of_another_organization_gets_the_same_not_found()
    {
        var tree = await TaskTreeAsync();
        var elsewhere = await CreateUserAsync();
        var other = await SendAsync(new CreateOrganizationCommand(Unique("Other"), null));
        await SendAsync(new AddOrganizationMemberCommand(other.Id, elsewhere.UserId, "member"));

        var hidden = Assert.ThrowsAsync<NotFoundException>(() => SendAsync(new GetTaskQuery(tree.TaskId), elsewhere));

        Assert.That((hidden!.Message, hidden.Details["taskId"], hidden.Details[OrganizationErrors.ReasonKey]),
            Is.EqualTo(("task not found", (object?)tree.TaskId, (object?)OrganizationErrors.TaskNotAccessible)));
    }

    [Test]
    public async Task The_system_owner_needs_a_membership_too()
    {
        var tree = await TaskTreeAsync();

        Assert.ThrowsAsync<NotFoundException>(() => SendAsync(new GetTaskQuery(tree.TaskId), Owner));
    }

    [Test]
    public async Task A_token_needs_the_tasks_read_scope()
    {
        var tree = await TaskTreeAsync();

        Assert.ThrowsAsync<InsufficientScopeException>(() => SendAsync(new GetTaskQuery(tree.TaskId), tree.Member.WithScopes(Scopes.TasksWrite, Scopes.OrganizationsRead)));
        Assert.That((await SendAsync(new GetTaskQuery(tree.TaskId), tree.Member.WithScopes(Scopes.TasksRead))).Title, Is.EqualTo("Child"));
    }

    [Test]
    public void Nobody_signed_in_is_refused() =>
        Assert.ThrowsAsync<AuthRequiredException>(() => SendAsync(new GetTaskQuery(1), Caller.Anonymous));
}
