using Microsoft.EntityFrameworkCore;
using Platform.Application.Boards;
using Platform.Application.Boards.Tags.DeleteMyTag;
using Platform.Application.Boards.Tags.ListMyTags;
using Platform.Application.Boards.Tags.UpdateMyTagColor;
using Platform.Application.Boards.Todos.GetTodo;
using Platform.Domain.Boards;
using Platform.Domain.Common;

namespace Platform.IntegrationTests.Application.Boards.Tags.DeleteMyTag;

public sealed class DeleteMyTagCommandTests : MediatorFixture
{
    private BoardsSetup Boards => new(App, Owner);

    [Test]
    public async Task Deletes_the_tag_with_its_todo_links_and_colour_preferences()
    {
        var (project, maintainer) = await Boards.ProjectAsync();
        var todo = await Boards.TodoAsync(project, maintainer, tags: ["keep", "drop"]);
        var drop = (await SendAsync(new ListMyTagsQuery(), maintainer)).Single(t => t.Name == "drop");
        await SendAsync(new UpdateMyTagColorCommand(drop.TagId, "#ff0000"), maintainer);

        await SendAsync(new DeleteMyTagCommand(drop.TagId), maintainer);

        Assert.That(await InDatabaseAsync(db => db.Set<Tag>().AnyAsync(t => t.Id == drop.TagId)), Is.False);
        Assert.That(await InDatabaseAsync(db => db.Set<TodoTag>().AnyAsync(t => t.TagId == drop.TagId)), Is.False);
        Assert.That(await InDatabaseAsync(db => db.Set<TagColorPreference>().AnyAsync(p => p.TagId == drop.TagId)), Is.False);
        Assert.That((await SendAsync(new GetTodoQuery(project.Slug, todo.LocalId), maintainer)).Tags, Is.EqualTo(new[] { "keep" }));
    }

    [Test]
    public async Task Another_users_tag_is_not_found_and_kept()
    {
        var (project, maintainer) = await Boards.ProjectAsync();
        var other = await Boards.MemberAsync(project, maintainer, "maintainer");
        await Boards.TodoAsync(project, maintainer, tags: ["theirs"]);
        var tag = (await SendAsync(new ListMyTagsQuery(), maintainer)).Single();

        Assert.That(BoardsSetup.ReasonOf(Assert.ThrowsAsync<NotFoundException>(() => SendAsync(new DeleteMyTagCommand(tag.TagId), other))), Is.EqualTo(BoardErrors.TagNotFound));
        Assert.That(BoardsSetup.ReasonOf(Assert.ThrowsAsync<NotFoundException>(() => SendAsync(new DeleteMyTagCommand(999_999), maintainer))), Is.EqualTo(BoardErrors.TagNotFound));
        Assert.ThrowsAsync<AuthRequiredException>(() => SendAsync(new DeleteMyTagCommand(tag.TagId), Caller.Anonymous));
        Assert.That(await InDatabaseAsync(db => db.Set<Tag>().AnyAsync(t => t.Id == tag.TagId)), Is.True);
    }

    [Test]
    public async Task A_project_tag_is_not_the_callers_own_and_is_not_found()
    {
        var (project, maintainer) = await Boards.ProjectAsync();
        var shared = await SendAsync(new Platform.Application.Boards.Projects.CreateProjectTag.CreateProjectTagCommand(project.Slug, "shared", null), maintainer);

        Assert.That(BoardsSetup.ReasonOf(Assert.ThrowsAsync<NotFoundException>(() => SendAsync(new DeleteMyTagCommand(shared.TagId), maintainer))), Is.EqualTo(BoardErrors.TagNotFound));
    }

    [TestCase(null)]
    [TestCase(0)]
    [TestCase(-1)]
    public void A_missing_or_non_positive_tag_id_is_a_validation_error(int? tagId) =>
        Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new DeleteMyTagCommand(tagId)));
}
