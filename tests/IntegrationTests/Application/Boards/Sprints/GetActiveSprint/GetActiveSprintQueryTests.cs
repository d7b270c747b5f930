using Platform.Application.Boards;
using Platform.Application.Boards.Sprints.ActivateSprint;
using Platform.Application.Boards.Sprints.GetActiveSprint;
using Platform.Domain.Boards;
using Platform.Domain.Common;

namespace Platform.IntegrationTests.Application.Boards.Sprints.GetActiveSprint;

public sealed class GetActiveSprintQueryTests : MediatorFixture
{
    private BoardsSetup Boards => new(App, Owner);

    [Test]
    public async Task A_viewer_gets_null_until_a_sprint_is_active_and_then_that_sprint()
    {
        var (project, maintainer) = await Boards.ProjectAsync();
        var viewer = await Boards.MemberAsync(project, maintainer, "viewer");
        await Boards.SprintAsync(project, maintainer);
        var second = await Boards.SprintAsync(project, maintainer);

        Assert.That(await SendAsync(new GetActiveSprintQuery(project.Slug), viewer), Is.Null);

        await SendAsync(new ActivateSprintCommand(project.Slug, second.Id), maintainer);
        var active = await SendAsync(new GetActiveSprintQuery(project.Slug), viewer);

        Assert.That((active?.Id, active?.Number, active?.Name, active?.State), Is.EqualTo(((int?)second.Id, (int?)2, second.Name, (SprintState?)SprintState.Active)));
    }

    [Test]
    public async Task Non_members_do_not_see_the_project()
    {
        var (project, _) = await Boards.ProjectAsync();
        var stranger = await CreateUserAsync();

        Assert.That(BoardsSetup.ReasonOf(Assert.ThrowsAsync<NotFoundException>(() => SendAsync(new GetActiveSprintQuery(project.Slug), stranger))), Is.EqualTo(BoardErrors.ProjectNotFound));
        Assert.ThrowsAsync<AuthRequiredException>(() => SendAsync(new GetActiveSprintQuery(project.Slug), Caller.Anonymous));
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("a b")]
    [TestCase("a\0b")]
    public void An_invalid_slug_is_a_validation_error(string? slug) =>
        Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new GetActiveSprintQuery(slug)));
}
