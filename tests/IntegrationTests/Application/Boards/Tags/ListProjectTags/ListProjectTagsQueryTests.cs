using Platform.Application.Boards;
using Platform.Application.Boards.Projects.CreateProjectTag;
using Platform.Application.Boards.Tags.ListProjectTags;
using Platform.Domain.Common;

namespace Platform.IntegrationTests.Application.Boards.Tags.ListProjectTags;

public sealed class ListProjectTagsQueryTests : MediatorFixture
{
    private BoardsSetup Boards => new(App, Owner);

    [Test]
    public async Task Shared_and_used_own_tags_are_listed_by_name_with_counts_and_who_may_delete_them()
    {
        var (project, maintainer) = await Boards.ProjectAsync();
        var viewer = await Boards.MemberAsync(project, maintainer, "viewer");
        var shared = await SendAsync(new CreateProjectTagCommand(project.Slug, "release", "#123456"), maintainer);
        var todo = await Boards.TodoAsync(project, maintainer, tags: ["bug", "ux"]);
        await Boards.TodoAsync(project, maintainer, tags: ["bug"]);

        var asMaintainer = await SendAsync(new ListProjectTagsQuery(project.Slug), maintainer);
        var asViewer = await SendAsync(new ListProjectTagsQuery(project.Slug), viewer);

        Assert.That(asMaintainer.Select(t => (t.Name, t.Count, t.Color, t.CanDelete)), Is.EqualTo(new[]
        {
            ("bug", 2, (string?)null, true), ("release", 0, "#123456", true), ("ux", 1, null, true),
        }));
        Assert.That(asViewer.Select(t => (t.Name, t.CanDelete)), Is.EqualTo(new[] { ("bug", false), ("release", false), ("ux", false) }));
        Assert.That(asViewer.Single(t => t.Name == "release").TagId, Is.EqualTo(shared.TagId));
        Assert.That(todo.Tags, Is.EqualTo(new[] { "bug", "ux" }));
    }

    [Test]
    public async Task Own_tags_used_only_in_other_projects_are_not_listed()
    {
        var (project, maintainer) = await Boards.ProjectAsync();
        var other = await SendAsync(new Platform.Application.Boards.Projects.CreateProject.CreateProjectCommand(Unique("Other")), maintainer);
        await Boards.TodoAsync(other, maintainer, tags: ["elsewhere"]);

        Assert.That(await SendAsync(new ListProjectTagsQuery(project.Slug), maintainer), Is.Empty);
    }

    [Test]
    public async Task Non_members_do_not_see_the_project()
    {
        var (project, _) = await Boards.ProjectAsync();

        Assert.That(BoardsSetup.ReasonOf(Assert.ThrowsAsync<NotFoundException>(() => SendAsync(new ListProjectTagsQuery(project.Slug)))), Is.EqualTo(BoardErrors.ProjectNotFound));
        Assert.ThrowsAsync<AuthRequiredException>(() => SendAsync(new ListProjectTagsQuery(project.Slug), Caller.Anonymous));
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("a--b")]
    [TestCase("a\0b")]
    public void An_invalid_slug_is_a_validation_error(string? slug) =>
        Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new ListProjectTagsQuery(slug)));
}
