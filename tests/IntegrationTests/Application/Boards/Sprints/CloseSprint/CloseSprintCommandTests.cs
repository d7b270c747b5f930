using Microsoft.EntityFrameworkCore;
using Platform.Application.Boards;
using Platform.Application.Boards.Sprints.ActivateSprint;
using Platform.Application.Boards.Sprints.CloseSprint;
using Platform.Domain.Boards;
using Platform.Domain.Common;

namespace Platform.IntegrationTests.Application.Boards.Sprints.CloseSprint;

public sealed class CloseSprintCommandTests : MediatorFixture
{
    private BoardsSetup Boards => new(App, Owner);

    private Task<SprintState> StateAsync(int sprintId) =>
        InDatabaseAsync(db => db.Set<Sprint>().Where(s => s.Id == sprintId).Select(s => s.State).SingleAsync());

    [Test]
    public async Task A_maintainer_closes_the_active_sprint()
    {
        var (project, maintainer) = await Boards.ProjectAsync();
        var sprint = await Boards.SprintAsync(project, maintainer);
        var started = await SendAsync(new ActivateSprintCommand(project.Slug, sprint.Id), maintainer);

        var closed = await SendAsync(new CloseSprintCommand(project.Slug, sprint.Id), maintainer);

        Assert.That(closed.State, Is.EqualTo(SprintState.Closed));
        Assert.That(closed.StartedAt, Is.EqualTo(started.StartedAt!.Value).Within(TimeSpan.FromMilliseconds(1)));
        Assert.That(closed.ClosedAt, Is.GreaterThanOrEqualTo(started.StartedAt!.Value));
        var stored = await InDatabaseAsync(db => db.Set<Sprint>().SingleAsync(s => s.Id == sprint.Id));
        Assert.That(stored.State, Is.EqualTo(SprintState.Closed));
        Assert.That(stored.ClosedAt, Is.EqualTo(closed.ClosedAt!.Value).Within(TimeSpan.FromMilliseconds(1)));
    }

    [Test]
    public async Task Planned_and_closed_sprints_cannot_be_closed()
    {
        var (project, maintainer) = await Boards.ProjectAsync();
        var planned = await Boards.SprintAsync(project, maintainer);
        var done = await Boards.SprintAsync(project, maintainer);
        await SendAsync(new ActivateSprintCommand(project.Slug, done.Id), maintainer);
        await SendAsync(new CloseSprintCommand(project.Slug, done.Id), maintainer);

        Assert.That(BoardsSetup.ReasonOf(Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new CloseSprintCommand(project.Slug, planned.Id), maintainer))), Is.EqualTo(BoardErrors.SprintNotActive));
        Assert.That(BoardsSetup.ReasonOf(Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new CloseSprintCommand(project.Slug, done.Id), maintainer))), Is.EqualTo(BoardErrors.SprintNotActive));
        Assert.That(await StateAsync(planned.Id), Is.EqualTo(SprintState.Planned));
    }

    [Test]
    public async Task Members_below_maintainer_are_forbidden_and_outsiders_do_not_see_it()
    {
        var (project, maintainer) = await Boards.ProjectAsync();
        var sprint = await Boards.SprintAsync(project, maintainer);
        await SendAsync(new ActivateSprintCommand(project.Slug, sprint.Id), maintainer);
        var contributor = await Boards.MemberAsync(project, maintainer, "contributor");

        Assert.That(BoardsSetup.ReasonOf(Assert.ThrowsAsync<ForbiddenException>(() => SendAsync(new CloseSprintCommand(project.Slug, sprint.Id), contributor))), Is.EqualTo(BoardErrors.MaintainerRequired));
        Assert.That(BoardsSetup.ReasonOf(Assert.ThrowsAsync<NotFoundException>(() => SendAsync(new CloseSprintCommand(project.Slug, sprint.Id)))), Is.EqualTo(BoardErrors.ProjectNotFound));
        Assert.ThrowsAsync<AuthRequiredException>(() => SendAsync(new CloseSprintCommand(project.Slug, sprint.Id), Caller.Anonymous));
        Assert.That(BoardsSetup.ReasonOf(Assert.ThrowsAsync<NotFoundException>(() => SendAsync(new CloseSprintCommand(project.Slug, 999_999), maintainer))), Is.EqualTo(BoardErrors.SprintNotFound));
        Assert.That(await StateAsync(sprint.Id), Is.EqualTo(SprintState.Active));
    }

    [TestCase("{slug}", 0)]
    [TestCase("{slug}", null)]
    [TestCase("", 1)]
    [TestCase("\0", 1)]
    public async Task Invalid_input_is_a_validation_error(string slug, int? sprintId)
    {
        var (project, maintainer) = await Boards.ProjectAsync();

        Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new CloseSprintCommand(slug == "{slug}" ? project.Slug : slug, sprintId), maintainer));
    }
}
