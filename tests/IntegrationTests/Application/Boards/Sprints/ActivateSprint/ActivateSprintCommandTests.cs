using Microsoft.EntityFrameworkCore;
using Platform.Application.Boards;
using Platform.Application.Boards.Sprints.ActivateSprint;
using Platform.Domain.Boards;
using Platform.Domain.Common;

namespace Platform.IntegrationTests.Application.Boards.Sprints.ActivateSprint;

public sealed class ActivateSprintCommandTests : MediatorFixture
{
    private BoardsSetup Boards => new(App, Owner);

    private Task<SprintState> StateAsync(int sprintId) =>
        InDatabaseAsync(db => db.Set<Sprint>().Where(s => s.Id == sprintId).Select(s => s.State).SingleAsync());

    [Test]
    public async Task Activating_a_planned_sprint_starts_it_and_closes_the_active_one()
    {
        var (project, maintainer) = await Boards.ProjectAsync();
        var first = await Boards.SprintAsync(project, maintainer);
        var second = await Boards.SprintAsync(project, maintainer);
        await SendAsync(new ActivateSprintCommand(project.Slug, first.Id), maintainer);
        var before = DateTimeOffset.UtcNow.AddSeconds(-5);

        var activated = await SendAsync(new ActivateSprintCommand(project.Slug, second.Id), maintainer);

        Assert.That(activated.State, Is.EqualTo(SprintState.Active));
        Assert.That(activated.StartedAt, Is.GreaterThan(before));
        Assert.That(await StateAsync(second.Id), Is.EqualTo(SprintState.Active));
        var closed = await InDatabaseAsync(db => db.Set<Sprint>().SingleAsync(s => s.Id == first.Id));
        Assert.That((closed.State, closed.ClosedAt.HasValue), Is.EqualTo((SprintState.Closed, true)));
    }

    [Test]
    public async Task Only_planned_sprints_whose_end_is_ahead_can_be_activated()
    {
        var (project, maintainer) = await Boards.ProjectAsync();
        var ended = await Boards.SprintAsync(project, maintainer, startDays: -20, endDays: -1);
        var sprint = await Boards.SprintAsync(project, maintainer);
        await SendAsync(new ActivateSprintCommand(project.Slug, sprint.Id), maintainer);

        Assert.That(BoardsSetup.ReasonOf(Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new ActivateSprintCommand(project.Slug, ended.Id), maintainer))), Is.EqualTo(BoardErrors.SprintEnded));
        Assert.That(BoardsSetup.ReasonOf(Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new ActivateSprintCommand(project.Slug, sprint.Id), maintainer))), Is.EqualTo(BoardErrors.SprintNotPlanned));
        Assert.That(await StateAsync(ended.Id), Is.EqualTo(SprintState.Planned));
        Assert.That(await StateAsync(sprint.Id), Is.EqualTo(SprintState.Active));
    }

    [Test]
    public async Task Members_below_maintainer_are_forbidden()
    {
        var (project, maintainer) = await Boards.ProjectAsync();
        var sprint = await Boards.SprintAsync(project, maintainer);
        var contributor = await Boards.MemberAsync(project, maintainer, "contributor");
        var viewer = await Boards.MemberAsync(project, maintainer, "viewer");

        Assert.That(BoardsSetup.ReasonOf(Assert.ThrowsAsync<ForbiddenException>(() => SendAsync(new ActivateSprintCommand(project.Slug, sprint.Id), contributor))), Is.EqualTo(BoardErrors.MaintainerRequired));
        Assert.That(BoardsSetup.ReasonOf(Assert.ThrowsAsync<ForbiddenException>(() => SendAsync(new ActivateSprintCommand(project.Slug, sprint.Id), viewer))), Is.EqualTo(BoardErrors.MaintainerRequired));
        Assert.That(BoardsSetup.ReasonOf(Assert.ThrowsAsync<NotFoundException>(() => SendAsync(new ActivateSprintCommand(project.Slug, sprint.Id)))), Is.EqualTo(BoardErrors.ProjectNotFound));
        Assert.ThrowsAsync<AuthRequiredException>(() => SendAsync(new ActivateSprintCommand(project.Slug, sprint.Id), Caller.Anonymous));
        Assert.That(await StateAsync(sprint.Id), Is.EqualTo(SprintState.Planned));
    }

    [Test]
    public async Task Unknown_sprints_and_sprints_of_another_project_are_not_found()
    {
        var (project, maintainer) = await Boards.ProjectAsync();
        var (other, otherMaintainer) = await Boards.ProjectAsync();
        var foreign = await Boards.SprintAsync(other, otherMaintainer);

        Assert.That(BoardsSetup.ReasonOf(Assert.ThrowsAsync<NotFoundException>(() => SendAsync(new ActivateSprintCommand(project.Slug, foreign.Id), maintainer))), Is.EqualTo(BoardErrors.SprintNotFound));
        Assert.That(BoardsSetup.ReasonOf(Assert.ThrowsAsync<NotFoundException>(() => SendAsync(new ActivateSprintCommand(project.Slug, 999_999), maintainer))), Is.EqualTo(BoardErrors.SprintNotFound));
        Assert.That(await StateAsync(foreign.Id), Is.EqualTo(SprintState.Planned));
    }

    [TestCase("{slug}", 0)]
    [TestCase("{slug}", null)]
    [TestCase("", 1)]
    [TestCase("a\0b", 1)]
    public async Task Invalid_input_is_a_validation_error(string slug, int? sprintId)
    {
        var (project, maintainer) = await Boards.ProjectAsync();

        Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new ActivateSprintCommand(slug == "{slug}" ? project.Slug : slug, sprintId), maintainer));
    }
}
