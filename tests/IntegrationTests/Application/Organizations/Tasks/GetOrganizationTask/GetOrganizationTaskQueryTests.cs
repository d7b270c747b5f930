using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Platform.Application.Organizations.CreateOrganization;
using Platform.Application.Organizations.Members.AddOrganizationMember;
using Platform.Application.Organizations.Tasks;
using Platform.Application.Organizations.Tasks.CreateTask;
using Platform.Application.Organizations.Tasks.GetOrganizationTask;
using Platform.Domain.Common;
using Platform.Domain.Organizations;

namespace Platform.IntegrationTests.Application.Organizations.Tasks.GetOrganizationTask;

public sealed class GetOrganizationTaskQueryTests : MediatorFixture
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
            new CreateTaskCommand("Child", organization.Id, JsonElement.Parse("""["a",{"b":true}]"""), WorkTaskStatus.Cancelled, "bo"), member);
        var subtask = await SendAsync(new CreateTaskCommand("Grandchild", organization.Id), member);
        await InDatabaseAsync(async db =>
        {
            var tasks = await db.Tasks.Include(t => t.Owners).Where(t => t.Id == parent.Id || t.Id == task.Id || t.Id == subtask.Id).ToDictionaryAsync(t => t.Id);
            tasks[task.Id].MakeSubtaskOf(tasks[parent.Id], DateTimeOffset.UtcNow);
            tasks[subtask.Id].MakeSubtaskOf(tasks[task.Id], DateTimeOffset.UtcNow);
            tasks[task.Id].AddOwner(coOwner.UserId!.Value, isPrimary: true, DateTimeOffset.UtcNow);
            return await db.SaveChangesAsync();
        });
        return new TaskTree(member, memberName, coOwner, organization.Id, parent.Id, task.Id, subtask.Id);
    }

    [Test]
    public async Task An_admin_who_is_no_member_reads_the_task_with_its_owners_subtasks_and_parent()
    {
        var admin = await CreateUserAsync("admin");
        var tree = await TaskTreeAsync();

        var task = await SendAsync(new GetOrganizationTaskQuery(tree.OrganizationId, tree.TaskId), admin);

        Assert.That((task.Id, task.OrganizationId, task.Title, task.Status, task.Assignee, task.ParentId),
            Is.EqualTo((tree.TaskId, tree.OrganizationId, "Child", WorkTaskStatus.Cancelled, "bo", (int?)tree.ParentId)));
        var description = JsonElement.Parse(task.Description!.Value.Value);
        Assert.That(description.ValueKind, Is.EqualTo(JsonValueKind.Array));
        Assert.That(description[1].GetProperty("b").GetBoolean(), Is.True);
        Assert.That(task.Parent, Is.EqualTo(new TaskParentDto(tree.ParentId, "Parent")));
        Assert.That(task.Subtasks.Select(s => (s.Id, s.Title, s.Status)), Is.EqualTo(new[] { (tree.SubtaskId, "Grandchild", WorkTaskStatus.Todo) }));
        var primary = task.Owners.Single(o => o.IsPrimary);
        var demoted = task.Owners.Single(o => !o.IsPrimary);
        Assert.That(primary.UserId, Is.EqualTo(tree.CoOwner.UserId), "a new primary owner demotes the creator");
        Assert.That((demoted.UserId, demoted.User?.Name), Is.EqualTo((tree.Member.UserId!.Value, tree.MemberName)));
    }

    [Test]
    public async Task A_task_of_another_organization_or_an_unknown_task_is_not_found()
    {
        var tree = await TaskTreeAsync();
        var other = await SendAsync(new CreateOrganizationCommand(Unique("Other"), null));

        var wrongOrganization = Assert.ThrowsAsync<NotFoundException>(() => SendAsync(new GetOrganizationTaskQuery(other.Id, tree.TaskId)));
        Assert.That(wrongOrganization!.Details["organizationId"], Is.EqualTo(other.Id));
        Assert.ThrowsAsync<NotFoundException>(() => SendAsync(new GetOrganizationTaskQuery(tree.OrganizationId, int.MaxValue)));
        Assert.ThrowsAsync<NotFoundException>(() => SendAsync(new GetOrganizationTaskQuery(int.MaxValue, tree.TaskId)));
    }

    [Test]
    public async Task A_plain_user_is_forbidden_even_as_a_member_and_nobody_signed_in_must_sign_in()
    {
        var tree = await TaskTreeAsync();

        Assert.ThrowsAsync<ForbiddenException>(() => SendAsync(new GetOrganizationTaskQuery(tree.OrganizationId, tree.TaskId), tree.Member));
        Assert.ThrowsAsync<AuthRequiredException>(() => SendAsync(new GetOrganizationTaskQuery(tree.OrganizationId, tree.TaskId), Caller.Anonymous));
    }
}
