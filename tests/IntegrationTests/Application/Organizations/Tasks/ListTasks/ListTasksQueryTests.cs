using Platform.Application.Common.Security;
using Platform.Application.Organizations;
using Platform.Application.Organizations.CreateOrganization;
using Platform.Application.Organizations.Members.AddOrganizationMember;
using Platform.Application.Organizations.Members.RemoveOrganizationMember;
using Platform.Application.Organizations.Tasks.CreateTask;
using Platform.Application.Organizations.Tasks.ListTasks;
using Platform.Domain.Common;
using Platform.Domain.Organizations;

namespace Platform.IntegrationTests.Application.Organizations.Tasks.ListTasks;

public sealed class ListTasksQueryTests : MediatorFixture
{
    private async Task<int> OrganizationWithMemberAsync(Caller member)
    {
        var organization = await SendAsync(new CreateOrganizationCommand(Unique("Org"), null));
        await SendAsync(new AddOrganizationMemberCommand(organization.Id, member.UserId, "member"));
        return organization.Id;
    }

    [Test]
    public async Task A_member_sees_the_tasks_of_all_their_organizations_newest_first_and_no_others()
    {
        var member = await CreateUserAsync();
        var first = await OrganizationWithMemberAsync(member);
        var second = await OrganizationWithMemberAsync(member);
        var stranger = await CreateUserAsync();
        var foreign = await OrganizationWithMemberAsync(stranger);
        var a = await SendAsync(new CreateTaskCommand("A", first), member);
        await SendAsync(new CreateTaskCommand("Foreign", foreign), stranger);
        var b = await SendAsync(new CreateTaskCommand("B", second, Status: WorkTaskStatus.Done, Assignee: "zoe"), member);
        var c = await SendAsync(new CreateTaskCommand("C", first), member);

        var tasks = await SendAsync(new ListTasksQuery(), member);

        Assert.That(tasks.Select(t => (t.Id, t.OrganizationId, t.Title)), Is.EqualTo(new[] { (c.Id, first, "C"), (b.Id, second, "B"), (a.Id, first, "A") }));
        Assert.That((tasks[1].Status, tasks[1].Assignee), Is.EqualTo((WorkTaskStatus.Done, "zoe")));
    }

    [Test]
    public async Task The_status_and_organization_filters_narrow_the_list()
    {
        var member = await CreateUserAsync();
        var first = await OrganizationWithMemberAsync(member);
        var second = await OrganizationWithMemberAsync(member);
        var todoFirst = await SendAsync(new CreateTaskCommand("todo 1", first), member);
        var doneFirst = await SendAsync(new CreateTaskCommand("done 1", first, Status: WorkTaskStatus.Done), member);
        var doneSecond = await SendAsync(new CreateTaskCommand("done 2", second, Status: WorkTaskStatus.Done), member);

        Assert.That((await SendAsync(new ListTasksQuery(WorkTaskStatus.Done), member)).Select(t => t.Id), Is.EqualTo(new[] { doneSecond.Id, doneFirst.Id }));
        Assert.That((await SendAsync(new ListTasksQuery(OrganizationId: first), member)).Select(t => t.Id), Is.EqualTo(new[] { doneFirst.Id, todoFirst.Id }));
        Assert.That((await SendAsync(new ListTasksQuery(WorkTaskStatus.Todo, second), member)), Is.Empty);
        Assert.That((await SendAsync(new ListTasksQuery(WorkTaskStatus.InProgress), member)), Is.Empty);
    }

    [Test]
    public async Task At_most_the_fifty_most_recently_updated_tasks_are_listed()
    {
        var member = await CreateUserAsync();
        var organizationId = await OrganizationWithMemberAsync(member);
        var start = DateTimeOffset.UtcNow.AddHours(-1);
        await InDatabaseAsync(async db =>
        {
            for (var i = 0; i <= ListTasksQuery.Limit; i++)
            {
                db.Tasks.Add(WorkTask.Create(organizationId, $"Bulk {i}", null, WorkTaskStatus.Todo, null, member.UserId!.Value, start.AddSeconds(i)));
            }

            return await db.SaveChangesAsync();
        });

        var tasks = await SendAsync(new ListTasksQuery(), member);

        Assert.That(tasks, Has.Count.EqualTo(ListTasksQuery.Limit));
        Assert.That(tasks[0].Title, Is.EqualTo($"Bulk {ListTasksQuery.Limit}"));
        Assert.That(tasks.Select(t => t.Title), Does.Not.Contain("Bulk 0"));
        Assert.That(tasks.Select(t => t.UpdatedAt), Is.Ordered.Descending);
    }

    [Test]
    public async Task An_organization_the_user_is_not_a_member_of_is_refused_but_an_empty_one_of_theirs_is_not()
    {
        var member = await CreateUserAsync();
        var own = await OrganizationWithMemberAsync(member);
        var stranger = await CreateUserAsync();
        var foreign = await OrganizationWithMemberAsync(stranger);
        await SendAsync(new CreateTaskCommand("Foreign", foreign), stranger);

        var refused = Assert.ThrowsAsync<ForbiddenException>(() => SendAsync(new ListTasksQuery(OrganizationId: foreign), member));
        Assert.That(refused!.Details[OrganizationErrors.ReasonKey], Is.EqualTo(OrganizationErrors.OrganizationNotAccessible));
        Assert.ThrowsAsync<ForbiddenException>(() => SendAsync(new ListTasksQuery(OrganizationId: int.MaxValue), member));
        Assert.That(await SendAsync(new ListTasksQuery(OrganizationId: own), member), Is.Empty);
    }

    [Test]
    public async Task A_removed_member_no_longer_sees_the_organizations_tasks()
    {
        var member = await CreateUserAsync();
        var organizationId = await OrganizationWithMemberAsync(member);
        await SendAsync(new CreateTaskCommand("Was mine", organizationId), member);

        await SendAsync(new RemoveOrganizationMemberCommand(organizationId, member.UserId!.Value));

        Assert.That(await SendAsync(new ListTasksQuery(), member), Is.Empty);
        Assert.ThrowsAsync<ForbiddenException>(() => SendAsync(new ListTasksQuery(OrganizationId: organizationId), member));
    }

    [Test]
    public async Task A_token_needs_the_tasks_read_scope_and_nobody_signed_in_must_sign_in()
    {
        var member = await CreateUserAsync();
        var organizationId = await OrganizationWithMemberAsync(member);
        var task = await SendAsync(new CreateTaskCommand("Scoped", organizationId), member);

        Assert.ThrowsAsync<InsufficientScopeException>(() => SendAsync(new ListTasksQuery(), member.WithScopes(Scopes.TasksWrite, Scopes.OrganizationsRead)));
        Assert.ThrowsAsync<AuthRequiredException>(() => SendAsync(new ListTasksQuery(), Caller.Anonymous));
        Assert.That((await SendAsync(new ListTasksQuery(), member.WithScopes(Scopes.TasksRead))).Select(t => t.Id), Is.EqualTo(new[] { task.Id }));
    }
}
