using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Platform.Application.Boards;
using Platform.Application.Boards.Todos.UpdateTodo;
using Platform.Domain.Boards;
using Platform.Domain.Common;

namespace Platform.IntegrationTests.Application.Boards.Todos.UpdateTodo;

public sealed class UpdateTodoCommandTests : MediatorFixture
{
    private BoardsSetup Boards => new(App, Owner);

    private static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement;

    private Task<Platform.Domain.Boards.Todo> StoredAsync(int projectId, int localId) =>
        InDatabaseAsync(db => db.Set<Todo>().AsNoTracking().SingleAsync(t => t.ProjectId == projectId && t.LocalId == localId));

    [Test]
    public async Task A_maintainer_changes_every_field_and_null_clears_the_nullable_ones()
    {
        var (project, maintainer) = await Boards.ProjectAsync();
        var contributor = await Boards.MemberAsync(project, maintainer, "contributor");
        var sprint = await Boards.SprintAsync(project, maintainer);
        var todo = await Boards.TodoAsync(project, maintainer, "Old", tags: ["old"]);

        var updated = await SendAsync(new UpdateTodoCommand(project.Slug, todo.LocalId, Json($$"""
            {"title":"  New title ","body":"new body","tags":["B","a"," b "],"estimationPoints":8.0,"assigneeUserId":{{contributor.UserId}},"sprintId":{{sprint.Id}}}
            """)), maintainer);

        Assert.That((updated.Title, updated.Body, updated.EstimationPoints, updated.AssigneeUserId, updated.SprintId), Is.EqualTo(("New title", "new body", (int?)8, contributor.UserId, (int?)sprint.Id)));
        Assert.That(updated.Tags, Is.EqualTo(new[] { "a", "b" }));
        var stored = await StoredAsync(project.Id, todo.LocalId);
        Assert.That((stored.Title, stored.Body, stored.EstimationPoints, stored.AssigneeUserId, stored.SprintId), Is.EqualTo(("New title", "new body", (int?)8, contributor.UserId, (int?)sprint.Id)));

        await SendAsync(new UpdateTodoCommand(project.Slug, todo.LocalId, Json("""{"estimationPoints":null,"assigneeUserId":null,"sprintId":null,"tags":[]}""")), maintainer);
        stored = await StoredAsync(project.Id, todo.LocalId);
        Assert.That((stored.Title, stored.EstimationPoints, stored.AssigneeUserId, stored.SprintId), Is.EqualTo(("New title", (int?)null, (int?)null, (int?)null)));
        Assert.That(await InDatabaseAsync(db => db.Set<TodoTag>().CountAsync(tt => tt.TodoId == stored.Id)), Is.Zero);
    }

    [Test]
    public async Task A_contributor_rewrites_only_the_body_of_a_todo_assigned_to_them()
    {
        var (project, maintainer) = await Boards.ProjectAsync();
        var contributor = await Boards.MemberAsync(project, maintainer, "contributor");
        var mine = await Boards.TodoAsync(project, maintainer, "Mine", assignee: contributor.UserId);
        var theirs = await Boards.TodoAsync(project, maintainer, "Theirs");

        var updated = await SendAsync(new UpdateTodoCommand(project.Slug, mine.LocalId, Json("""{"title":"Ignored","body":"my notes"}""")), contributor);

        Assert.That((updated.Title, updated.Body), Is.EqualTo(("Mine", "my notes")));
        var stored = await StoredAsync(project.Id, mine.LocalId);
        Assert.That((stored.Title, stored.Body), Is.EqualTo(("Mine", "my notes")));
        Assert.That(BoardsSetup.ReasonOf(Assert.ThrowsAsync<ForbiddenException>(() => SendAsync(new UpdateTodoCommand(project.Slug, theirs.LocalId, Json("""{"body":"x"}""")), contributor))), Is.EqualTo(BoardErrors.NotAssignee));
        Assert.That((await StoredAsync(project.Id, theirs.LocalId)).Body, Is.EqualTo(""));
    }

    [Test]
    public async Task Viewers_and_outsiders_do_not_see_the_todo_but_an_empty_patch_only_reads()
    {
        var (project, maintainer) = await Boards.ProjectAsync();
        var viewer = await Boards.MemberAsync(project, maintainer, "viewer");
        var todo = await Boards.TodoAsync(project, maintainer, "Stays");

        Assert.That(BoardsSetup.ReasonOf(Assert.ThrowsAsync<NotFoundException>(() => SendAsync(new UpdateTodoCommand(project.Slug, todo.LocalId, Json("""{"title":"x"}""")), viewer))), Is.EqualTo(BoardErrors.ProjectNotFound));
        Assert.That((await SendAsync(new UpdateTodoCommand(project.Slug, todo.LocalId, Json("{}")), viewer)).Title, Is.EqualTo("Stays"));
        Assert.That(BoardsSetup.ReasonOf(Assert.ThrowsAsync<NotFoundException>(() => SendAsync(new UpdateTodoCommand(project.Slug, todo.LocalId, Json("""{"title":"x"}"""))))), Is.EqualTo(BoardErrors.ProjectNotFound));
        Assert.That(BoardsSetup.ReasonOf(Assert.ThrowsAsync<NotFoundException>(() => SendAsync(new UpdateTodoCommand(project.Slug, todo.LocalId + 1, Json("""{"title":"x"}""")), maintainer))), Is.EqualTo(BoardErrors.TodoNotFound));
        Assert.ThrowsAsync<AuthRequiredException>(() => SendAsync(new UpdateTodoCommand(project.Slug, todo.LocalId, Json("""{"title":"x"}""")), Caller.Anonymous));
        Assert.That((await StoredAsync(project.Id, todo.LocalId)).Title, Is.EqualTo("Stays"));
    }

    [Test]
    public async Task Assignees_must_be_members_and_sprints_must_belong_to_the_project()
    {
        var (project, maintainer) = await Boards.ProjectAsync();
        var (other, otherMaintainer) = await Boards.ProjectAsync();
        var foreignSprint = await Boards.SprintAsync(other, otherMaintainer);
        var todo = await Boards.TodoAsync(project, maintainer);

        Assert.That(BoardsSetup.ReasonOf(Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new UpdateTodoCommand(project.Slug, todo.LocalId, Json($$"""{"assigneeUserId":{{otherMaintainer.UserId}}}""")), maintainer))), Is.EqualTo(BoardErrors.AssigneeNotMember));
        Assert.That(BoardsSetup.ReasonOf(Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new UpdateTodoCommand(project.Slug, todo.LocalId, Json($$"""{"sprintId":{{foreignSprint.Id}}}""")), maintainer))), Is.EqualTo(BoardErrors.SprintInOtherProject));
        var stored = await StoredAsync(project.Id, todo.LocalId);
        Assert.That((stored.AssigneeUserId, stored.SprintId), Is.EqualTo(((int?)null, (int?)null)));
    }

    [TestCase("""{"title":null}""")]
    [TestCase("""{"title":"   "}""")]
    [TestCase("""{"title":12}""")]
    [TestCase("""{"title":"a\u0000b"}""")]
    [TestCase("""{"body":"x\udc00"}""")]
    [TestCase("""{"tags":null}""")]
    [TestCase("""{"tags":"a"}""")]
    [TestCase("""{"tags":[1]}""")]
    [TestCase("""{"tags":["a",null]}""")]
    [TestCase("""{"tags":["bad_tag"]}""")]
    [TestCase("""{"estimationPoints":4}""")]
    [TestCase("""{"estimationPoints":2.5}""")]
    [TestCase("""{"sprintId":"1"}""")]
    [TestCase("""{"columnKey":"done"}""")]
    [TestCase("""[]""")]
    [TestCase("""null""")]
    public async Task Invalid_patches_are_validation_errors(string patch)
    {
        var (project, maintainer) = await Boards.ProjectAsync();
        var todo = await Boards.TodoAsync(project, maintainer, "Unchanged");

        Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new UpdateTodoCommand(project.Slug, todo.LocalId, Json(patch)), maintainer));
        var stored = await StoredAsync(project.Id, todo.LocalId);
        Assert.That((stored.Title, stored.Body, stored.EstimationPoints), Is.EqualTo(("Unchanged", "", (int?)null)));
    }

    [Test]
    public async Task An_oversize_title_or_body_is_a_validation_error()
    {
        var (project, maintainer) = await Boards.ProjectAsync();
        var todo = await Boards.TodoAsync(project, maintainer);

        Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new UpdateTodoCommand(project.Slug, todo.LocalId, Json(JsonSerializer.Serialize(new { title = new string('t', 201) }))), maintainer));
        Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new UpdateTodoCommand(project.Slug, todo.LocalId, Json(JsonSerializer.Serialize(new { body = new string('b', 20_001) }))), maintainer));
        Assert.That(BoardsSetup.ReasonOf(Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new UpdateTodoCommand(project.Slug, 0, Json("{}")), maintainer))), Is.EqualTo(BoardErrors.InvalidField));
        Assert.That(BoardsSetup.ReasonOf(Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new UpdateTodoCommand(project.Slug, todo.LocalId, null), maintainer))), Is.EqualTo(BoardErrors.FieldRequired));
    }
}
