using Microsoft.EntityFrameworkCore;
using Platform.Application.Boards;
using Platform.Application.Boards.Sprints.DeleteSprint;
using Platform.Domain.Boards;
using Platform.Domain.Common;

namespace Platform.IntegrationTests.Application.Boards.Sprints.DeleteSprint;

public sealed class DeleteSprintCommandTests : MediatorFixture
{
    private BoardsSetup Boards => new(App, Owner);

    [Test]
    public async Task A_maintainer_deletes_a_sprint_and_its_todos_become_unscheduled()
    {
        var (project, maintainer) = await Boards.ProjectAsync();
        var sprint = await Boards.SprintAsync(project, maintainer);
        var todo = await Boards.TodoAsync(project, maintainer, sprintId: sprint.Id);

        await SendAsync(new DeleteSprintCommand(project.Slug, sprint.Id), maintainer);

        Assert.That(await InDatabaseAsync(db => db.Set<Sprint>().AnyAsync(s => s.Id == sprint.Id)), Is.False);
        var stored = await InDatabaseAsync(db => db.Set<Todo>().SingleAsync(t => t.ProjectId == project.Id && t.LocalId == todo.LocalId));
        Assert.That(stored.SprintId, Is.Null);
    }

    [Test]
    public async Task Members_below_maintainer_are_forbidden_and_outsiders_do_not_see_it()
    {
        var (project, maintainer) = await Boards.ProjectAsync();
        var sprint = await Boards.SprintAsync(project, maintainer);
        var contributor = await Boards.MemberAsync(project, maintainer, "contributor");
        var viewer = await Boards.MemberAsync(project, maintainer, "viewer");

        Assert.That(BoardsSetup.ReasonOf(Assert.ThrowsAsync<ForbiddenException>(() => SendAsync(new DeleteSprintCommand(project.Slug, sprint.Id), contributor))), Is.EqualTo(BoardErrors.MaintainerRequired));
        Assert.That(BoardsSetup.ReasonOf(Assert.ThrowsAsync<ForbiddenException>(() => SendAsync(new DeleteSprintCommand(project.Slug, sprint.Id), viewer))), Is.EqualTo(BoardErrors.MaintainerRequired));
        Assert.That(BoardsSetup.ReasonOf(Assert.ThrowsAsync<NotFoundException>(() => SendAsync(new DeleteSprintCommand(project.Slug, sprint.Id)))), Is.EqualTo(BoardErrors.ProjectNotFound));
        Assert.ThrowsAsync<AuthRequiredException>(() => SendAsync(new DeleteSprintCommand(project.Slug, sprint.Id), Caller.Anonymous));
        Assert.That(await InDatabaseAsync(db => db.Set<Sprint>().AnyAsync(s => s.Id == sprint.Id)), Is.True);
    }

    [Test]
    public async Task A_sprint_of_another_project_is_not_found_and_kept()
    {
        var (project, maintainer) = await Boards.ProjectAsync();
        var (other, otherMaintainer) = await Boards.ProjectAsync();
        var foreign = await Boards.SprintAsync(other, otherMaintainer);

        Assert.That(BoardsSetup.ReasonOf(Assert.ThrowsAsync<NotFoundException>(() => SendAsync(new DeleteSprintCommand(project.Slug, foreign.Id), maintainer))), Is.EqualTo(BoardErrors.SprintNotFound));
        Assert.That(await InDatabaseAsync(db => db.Set<Sprint>().AnyAsync(s => s.Id == foreign.Id)), Is.True);
    }

    [TestCase("{slug}", 0)]
    [TestCase("{slug}", -3)]
    [TestCase(null, 1)]
    [TestCase("a\0b", 1)]
    public async Task Invalid_input_is_a_validation_error(string? slug, int? sprintId)
    {
        var (project, maintainer) = await Boards.ProjectAsync();

        Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new DeleteSprintCommand(slug == "{slug}" ? project.Slug : slug, sprintId), maintainer));
    }
}
