using Microsoft.EntityFrameworkCore;
using Platform.Application.Boards;
using Platform.Application.Boards.Projects.CreateProjectTag;
using Platform.Application.Boards.Tags.ListMyTags;
using Platform.Application.Boards.Tags.UpdateProjectTagColor;
using Platform.Domain.Boards;
using Platform.Domain.Common;

namespace Platform.IntegrationTests.Application.Boards.Tags.UpdateProjectTagColor;

public sealed class UpdateProjectTagColorCommandTests : MediatorFixture
{
    private BoardsSetup Boards => new(App, Owner);

    private Task<string?> StoredColorAsync(int tagId) => InDatabaseAsync(db => db.Set<Tag>().Where(t => t.Id == tagId).Select(t => t.Color).SingleAsync());

    [Test]
    public async Task A_maintainer_sets_and_clears_the_shared_colour()
    {
        var (project, maintainer) = await Boards.ProjectAsync();
        var tag = await SendAsync(new CreateProjectTagCommand(project.Slug, "shared", null), maintainer);
        await Boards.TodoAsync(project, maintainer);

        var set = await SendAsync(new UpdateProjectTagColorCommand(project.Slug, tag.TagId, " #0a0B0c "), maintainer);
        Assert.That((set.TagId, set.Name, set.Color, set.CanDelete, set.Count), Is.EqualTo((tag.TagId, "shared", "#0a0B0c", true, 0)));
        Assert.That(await StoredColorAsync(tag.TagId), Is.EqualTo("#0a0B0c"));

        Assert.That((await SendAsync(new UpdateProjectTagColorCommand(project.Slug, tag.TagId, null), maintainer)).Color, Is.Null);
        Assert.That(await StoredColorAsync(tag.TagId), Is.Null);
    }

    [Test]
    public async Task Members_below_maintainer_are_forbidden_and_outsiders_do_not_see_it()
    {
        var (project, maintainer) = await Boards.ProjectAsync();
        var tag = await SendAsync(new CreateProjectTagCommand(project.Slug, "shared", "#111111"), maintainer);
        var contributor = await Boards.MemberAsync(project, maintainer, "contributor");

        Assert.That(BoardsSetup.ReasonOf(Assert.ThrowsAsync<ForbiddenException>(() => SendAsync(new UpdateProjectTagColorCommand(project.Slug, tag.TagId, "#222222"), contributor))), Is.EqualTo(BoardErrors.MaintainerRequired));
        Assert.That(BoardsSetup.ReasonOf(Assert.ThrowsAsync<NotFoundException>(() => SendAsync(new UpdateProjectTagColorCommand(project.Slug, tag.TagId, "#222222")))), Is.EqualTo(BoardErrors.ProjectNotFound));
        Assert.ThrowsAsync<AuthRequiredException>(() => SendAsync(new UpdateProjectTagColorCommand(project.Slug, tag.TagId, "#222222"), Caller.Anonymous));
        Assert.That(await StoredColorAsync(tag.TagId), Is.EqualTo("#111111"));
    }

    [Test]
    public async Task Own_tags_and_unknown_tags_are_not_found()
    {
        var (project, maintainer) = await Boards.ProjectAsync();
        await Boards.TodoAsync(project, maintainer, tags: ["mine"]);
        var own = (await SendAsync(new ListMyTagsQuery(), maintainer)).Single();

        Assert.That(BoardsSetup.ReasonOf(Assert.ThrowsAsync<NotFoundException>(() => SendAsync(new UpdateProjectTagColorCommand(project.Slug, own.TagId, "#222222"), maintainer))), Is.EqualTo(BoardErrors.TagNotFound));
        Assert.That(BoardsSetup.ReasonOf(Assert.ThrowsAsync<NotFoundException>(() => SendAsync(new UpdateProjectTagColorCommand(project.Slug, 999_999, "#222222"), maintainer))), Is.EqualTo(BoardErrors.TagNotFound));
    }

    [TestCase("{slug}", 1, "")]
    [TestCase("{slug}", 1, "  ")]
    [TestCase("{slug}", 0, "#222222")]
    [TestCase("", 1, "#222222")]
    [TestCase("{slug}", 1, "#2222\0")]
    [TestCase("{slug}", -1, "blue")]
    public async Task Invalid_input_is_a_validation_error(string slug, int tagId, string color)
    {
        var (project, maintainer) = await Boards.ProjectAsync();

        Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new UpdateProjectTagColorCommand(slug == "{slug}" ? project.Slug : slug, tagId, color), maintainer));
    }

    [Test]
    public async Task A_colour_that_is_not_RRGGBB_is_a_validation_error_and_nothing_changes()
    {
        var (project, maintainer) = await Boards.ProjectAsync();
        var tag = await SendAsync(new CreateProjectTagCommand(project.Slug, "shared", "#111111"), maintainer);

        Assert.That(BoardsSetup.ReasonOf(Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new UpdateProjectTagColorCommand(project.Slug, tag.TagId, "blue"), maintainer))), Is.EqualTo(BoardErrors.InvalidTagColor));
        Assert.That(await StoredColorAsync(tag.TagId), Is.EqualTo("#111111"));
    }
}
