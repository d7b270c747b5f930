using Microsoft.EntityFrameworkCore;
using Platform.Application.Boards;
using Platform.Application.Boards.Members.RemoveMember;
using Platform.Domain.Boards;
using Platform.Domain.Common;

namespace Platform.IntegrationTests.Application.Boards.Members.RemoveMember;

public sealed class RemoveMemberCommandTests : MediatorFixture
{
    private BoardsSetup Boards => new(App, Owner);

    private Task<bool> IsMemberAsync(int projectId, int? userId) =>
        InDatabaseAsync(db => db.Set<ProjectMember>().AnyAsync(m => m.ProjectId == projectId && m.UserId == userId));

    [Test]
    public async Task A_maintainer_removes_a_member_whose_todos_become_unassigned()
    {
        var (project, maintainer) = await Boards.ProjectAsync();
        var contributor = await Boards.MemberAsync(project, maintainer, "contributor");
        var todo = await Boards.TodoAsync(project, maintainer, assignee: contributor.UserId);

        await SendAsync(new RemoveMemberCommand(project.Slug, contributor.UserId), maintainer);

        Assert.That(await IsMemberAsync(project.Id, contributor.UserId), Is.False);
        Assert.That(await InDatabaseAsync(db => db.Set<Todo>().Where(t => t.ProjectId == project.Id && t.LocalId == todo.LocalId).Select(t => t.AssigneeUserId).SingleAsync()), Is.Null);
    }

    [Test]
    public async Task The_last_maintainer_cannot_leave_but_may_once_another_maintainer_exists()
    {
        var (project, maintainer) = await Boards.ProjectAsync();

        Assert.That(BoardsSetup.ReasonOf(Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new RemoveMemberCommand(project.Slug, maintainer.UserId), maintainer))), Is.EqualTo(BoardErrors.LastMaintainerRemoval));
        Assert.That(await IsMemberAsync(project.Id, maintainer.UserId), Is.True);

        var second = await Boards.MemberAsync(project, maintainer, "maintainer");
        await SendAsync(new RemoveMemberCommand(project.Slug, maintainer.UserId), maintainer);
        Assert.That(await IsMemberAsync(project.Id, maintainer.UserId), Is.False);
        Assert.That(await IsMemberAsync(project.Id, second.UserId), Is.True);
    }

    [Test]
    public async Task Members_below_maintainer_are_forbidden_and_non_members_do_not_see_the_project()
    {
        var (project, maintainer) = await Boards.ProjectAsync();
        var contributor = await Boards.MemberAsync(project, maintainer, "contributor");
        var viewer = await Boards.MemberAsync(project, maintainer, "viewer");

        Assert.That(BoardsSetup.ReasonOf(Assert.ThrowsAsync<ForbiddenException>(() => SendAsync(new RemoveMemberCommand(project.Slug, viewer.UserId), contributor))), Is.EqualTo(BoardErrors.MaintainerRequired));
        Assert.That(BoardsSetup.ReasonOf(Assert.ThrowsAsync<ForbiddenException>(() => SendAsync(new RemoveMemberCommand(project.Slug, viewer.UserId), viewer))), Is.EqualTo(BoardErrors.MaintainerRequired));
        Assert.That(BoardsSetup.ReasonOf(Assert.ThrowsAsync<NotFoundException>(() => SendAsync(new RemoveMemberCommand(project.Slug, viewer.UserId)))), Is.EqualTo(BoardErrors.ProjectNotFound));
        Assert.ThrowsAsync<AuthRequiredException>(() => SendAsync(new RemoveMemberCommand(project.Slug, viewer.UserId), Caller.Anonymous));
        Assert.That(await IsMemberAsync(project.Id, viewer.UserId), Is.True);
    }

    [Test]
    public async Task A_user_who_is_not_a_member_is_not_found()
    {
        var (project, maintainer) = await Boards.ProjectAsync();
        var user = await CreateUserAsync();

        Assert.That(BoardsSetup.ReasonOf(Assert.ThrowsAsync<NotFoundException>(() => SendAsync(new RemoveMemberCommand(project.Slug, user.UserId), maintainer))), Is.EqualTo(BoardErrors.MemberNotFound));
    }

    [TestCase("{slug}", 0)]
    [TestCase("{slug}", null)]
    [TestCase("", 1)]
    [TestCase("a\0b", 1)]
    public async Task Invalid_input_is_a_validation_error(string slug, int? userId)
    {
        var (project, maintainer) = await Boards.ProjectAsync();

        Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new RemoveMemberCommand(slug == "{slug}" ? project.Slug : slug, userId), maintainer));
    }
}
