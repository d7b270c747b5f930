using Platform.Application.Boards;
using Platform.Application.Boards.Sprints.ListSprints;
using Platform.Domain.Common;

namespace Platform.IntegrationTests.Application.Boards.Sprints.ListSprints;

public sealed class ListSprintsQueryTests : MediatorFixture
{
    private BoardsSetup Boards => new(App, Owner);

    [Test]
    public async Task A_viewer_lists_the_sprints_by_number_with_todo_counts_and_the_unscheduled_count()
    {
        var (project, maintainer) = await Boards.ProjectAsync();
        var viewer = await Boards.MemberAsync(project, maintainer, "viewer");
        var first = await Boards.SprintAsync(project, maintainer, "One");
        var second = await Boards.SprintAsync(project, maintainer, "Two");
        await Boards.TodoAsync(project, maintainer, sprintId: second.Id);
        await Boards.TodoAsync(project, maintainer, sprintId: second.Id);
        await Boards.TodoAsync(project, maintainer);

        var list = await SendAsync(new ListSprintsQuery(project.Slug), viewer);

        Assert.That(list.Items.Select(s => (s.Id, s.Number, s.Name, s.TodoCount)), Is.EqualTo(new[] { (first.Id, 1, "One", (int?)0), (second.Id, 2, "Two", (int?)2) }));
        Assert.That(list.UnscheduledCount, Is.EqualTo(1));
    }

    [Test]
    public async Task A_project_without_sprints_lists_nothing()
    {
        var (project, maintainer) = await Boards.ProjectAsync();

        var list = await SendAsync(new ListSprintsQuery(project.Slug), maintainer);

        Assert.That((list.Items.Count, list.UnscheduledCount), Is.EqualTo((0, 0)));
    }

    [Test]
    public async Task Non_members_do_not_see_the_project()
    {
        var (project, _) = await Boards.ProjectAsync();

        Assert.That(BoardsSetup.ReasonOf(Assert.ThrowsAsync<NotFoundException>(() => SendAsync(new ListSprintsQuery(project.Slug)))), Is.EqualTo(BoardErrors.ProjectNotFound));
        Assert.ThrowsAsync<AuthRequiredException>(() => SendAsync(new ListSprintsQuery(project.Slug), Caller.Anonymous));
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("-x")]
    [TestCase("a\0b")]
    public void An_invalid_slug_is_a_validation_error(string? slug) =>
        Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new ListSprintsQuery(slug)));
}
