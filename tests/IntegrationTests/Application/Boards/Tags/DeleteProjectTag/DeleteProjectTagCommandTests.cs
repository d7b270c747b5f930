using Microsoft.EntityFrameworkCore;
using Platform.Application.Boards;
using Platform.Application.Boards.Projects.CreateProjectTag;
using Platform.Application.Boards.Tags.DeleteProjectTag;
using Platform.Application.Boards.Tags.ListMyTags;
using Platform.Domain.Boards;
using Platform.Domain.Common;

namespace Platform.IntegrationTests.Application.Boards.Tags.DeleteProjectTag;

public sealed class DeleteProjectTagCommandTests : MediatorFixture
{
    private BoardsSetup Boards => new(App, Owner);

    [Test]
    public async Task A_maintainer_deletes_a_shared_tag()
    {
        var (project, maintainer) = await Boards.ProjectAsync();
        var tag = await SendAsync(new CreateProjectTagCommand(project.Slug, "obsolete", null), maintainer);

        await SendAsync(new DeleteProjectTagCommand(project.Slug, tag.TagId), maintainer);

        Assert.That(await InDatabaseAsync(db => db.Set<Tag>().AnyAsync(t => t.Id == tag.TagId)), Is.False);
    }

    [Test]
    public async Task Members_below_maintainer_are_forbidden_and_outsiders_do_not_see_it()
    {
        var (project, maintainer) = await Boards.ProjectAsync();
        var tag = await SendAsync(new CreateProjectTagCommand(project.Slug, "kept", null), maintainer);
        var contributor = await Boards.MemberAsync(project, maintainer, "contributor");

        Assert.That(BoardsSetup.ReasonOf(Assert.ThrowsAsync<ForbiddenException>(() => SendAsync(new DeleteProjectTagCommand(project.Slug, tag.TagId), contributor))), Is.EqualTo(BoardErrors.MaintainerRequired));
        Assert.That(BoardsSetup.ReasonOf(Assert.ThrowsAsync<NotFoundException>(() => SendAsync(new DeleteProjectTagCommand(project.Slug, tag.TagId)))), Is.EqualTo(BoardErrors.ProjectNotFound));
        Assert.ThrowsAsync<AuthRequiredException>(() => SendAsync(new DeleteProjectTagCommand(project.Slug, tag.TagId), Caller.Anonymous));
        Assert.That(await InDatabaseAsync(db => db.Set<Tag>().AnyAsync(t => t.Id == tag.TagId)), Is.True);
    }

    [Test]
    public async Task Own_tags_and_other_projects_tags_are_not_found()
    {
        var (project, maintainer) = await Boards.ProjectAsync();
        var (other, otherMaintainer) = await Boards.ProjectAsync();
        var foreign = await SendAsync(new CreateProjectTagCommand(other.Slug, "foreign", null), otherMaintainer);
        await Boards.TodoAsync(project, maintainer, tags: ["mine"]);
        var own = (await SendAsync(new ListMyTagsQuery(), maintainer)).Single();

        Assert.That(BoardsSetup.ReasonOf(Assert.ThrowsAsync<NotFoundException>(() => SendAsync(new DeleteProjectTagCommand(project.Slug, foreign.TagId), maintainer))), Is.EqualTo(BoardErrors.TagNotFound));
        Assert.That(BoardsSetup.ReasonOf(Assert.ThrowsAsync<NotFoundException>(() => SendAsync(new DeleteProjectTagCommand(project.Slug, own.TagId), maintainer))), Is.EqualTo(BoardErrors.TagNotFound));
        Assert.That(await InDatabaseAsync(db => db.Set<Tag>().CountAsync(t => t.Id == foreign.TagId || t.Id == own.TagId)), Is.EqualTo(2));
    }

    [TestCase("{slug}", 0)]
    [TestCase("{slug}", null)]
    [TestCase("", 1)]
    [TestCase("a\0b", 1)]
    public async Task Invalid_input_is_a_validation_error(string slug, int? tagId)
    {
        var (project, maintainer) = await Boards.ProjectAsync();

        Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new DeleteProjectTagCommand(slug == "{slug}" ? project.Slug : slug, tagId), maintainer));
    }
}
