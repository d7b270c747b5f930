using Platform.Application.Boards.Projects.CreateProjectTag;
using Platform.Application.Boards.Tags.ListMyTags;
using Platform.Application.Boards.Tags.UpdateMyTagColor;
using Platform.Domain.Common;

namespace Platform.IntegrationTests.Application.Boards.Tags.ListMyTags;

public sealed class ListMyTagsQueryTests : MediatorFixture
{
    private BoardsSetup Boards => new(App, Owner);

    [Test]
    public async Task Lists_the_callers_own_tags_across_projects_by_name_with_the_callers_colours()
    {
        var (project, maintainer) = await Boards.ProjectAsync();
        var other = await SendAsync(new Platform.Application.Boards.Projects.CreateProject.CreateProjectCommand(Unique("Second")), maintainer);
        await Boards.TodoAsync(project, maintainer, tags: ["zeta", "Alpha"]);
        await Boards.TodoAsync(other, maintainer, tags: ["alpha", "mid"]);
        await SendAsync(new CreateProjectTagCommand(project.Slug, "shared", "#000000"), maintainer);

        var before = await SendAsync(new ListMyTagsQuery(), maintainer);
        Assert.That(before.Select(t => (t.Name, t.Color, t.CanDelete)), Is.EqualTo(new[] { ("alpha", (string?)null, true), ("mid", null, true), ("zeta", null, true) }));

        await SendAsync(new UpdateMyTagColorCommand(before[1].TagId, "#00ff00"), maintainer);
        var after = await SendAsync(new ListMyTagsQuery(), maintainer);
        Assert.That(after.Select(t => t.Color), Is.EqualTo(new[] { null, "#00ff00", null }));
    }

    [Test]
    public async Task Another_users_tags_are_not_listed()
    {
        var (project, maintainer) = await Boards.ProjectAsync();
        var viewer = await Boards.MemberAsync(project, maintainer, "viewer");
        await Boards.TodoAsync(project, maintainer, tags: ["private"]);

        Assert.That(await SendAsync(new ListMyTagsQuery(), viewer), Is.Empty);
    }

    [Test]
    public void Nobody_signed_in_is_refused() =>
        Assert.ThrowsAsync<AuthRequiredException>(() => SendAsync(new ListMyTagsQuery(), Caller.Anonymous));
}
