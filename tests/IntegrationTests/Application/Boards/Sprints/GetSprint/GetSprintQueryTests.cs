using Platform.Application.Boards;
using Platform.Application.Boards.Sprints.GetSprint;
using Platform.Domain.Boards;
using Platform.Domain.Common;

namespace Platform.IntegrationTests.Application.Boards.Sprints.GetSprint;

public sealed class GetSprintQueryTests : MediatorFixture
{
    private BoardsSetup Boards => new(App, Owner);

    [Test]
    public async Task A_viewer_reads_a_sprint_of_the_project()
    {
        var (project, maintainer) = await Boards.ProjectAsync();
        var viewer = await Boards.MemberAsync(project, maintainer, "viewer");
        var created = await Boards.SprintAsync(project, maintainer, "Hardening");

        var sprint = await SendAsync(new GetSprintQuery(project.Slug, created.Id), viewer);

        Assert.That(sprint with { TodoCount = null }, Is.EqualTo(created));
        Assert.That((sprint.Name, sprint.State), Is.EqualTo(("Hardening", SprintState.Planned)));
    }

    [Test]
    public async Task Unknown_sprints_other_projects_sprints_and_non_members_are_not_found()
    {
        var (project, maintainer) = await Boards.ProjectAsync();
        var (other, otherMaintainer) = await Boards.ProjectAsync();
        var mine = await Boards.SprintAsync(project, maintainer);
        var foreign = await Boards.SprintAsync(other, otherMaintainer);

        Assert.That(BoardsSetup.ReasonOf(Assert.ThrowsAsync<NotFoundException>(() => SendAsync(new GetSprintQuery(project.Slug, foreign.Id), maintainer))), Is.EqualTo(BoardErrors.SprintNotFound));
        Assert.That(BoardsSetup.ReasonOf(Assert.ThrowsAsync<NotFoundException>(() => SendAsync(new GetSprintQuery(project.Slug, 999_999), maintainer))), Is.EqualTo(BoardErrors.SprintNotFound));
        Assert.That(BoardsSetup.ReasonOf(Assert.ThrowsAsync<NotFoundException>(() => SendAsync(new GetSprintQuery(project.Slug, mine.Id), otherMaintainer))), Is.EqualTo(BoardErrors.ProjectNotFound));
        Assert.ThrowsAsync<AuthRequiredException>(() => SendAsync(new GetSprintQuery(project.Slug, mine.Id), Caller.Anonymous));
    }

    [TestCase("x", 0)]
    [TestCase("x", null)]
    [TestCase("", 1)]
    [TestCase("\0", 1)]
    public void Invalid_input_is_a_validation_error(string slug, int? sprintId) =>
        Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new GetSprintQuery(slug, sprintId)));
}
