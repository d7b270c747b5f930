using Platform.Application.Boards;
using Platform.Application.Boards.Todos.SearchTodos;
using Platform.Application.Boards.Todos.UpdateTodo;
using Platform.Domain.Common;

namespace Platform.IntegrationTests.Application.Boards.Todos.SearchTodos;

public sealed class SearchTodosQueryTests : MediatorFixture
{
    private BoardsSetup Boards => new(App, Owner);

    [Test]
    public async Task Text_matches_titles_case_insensitively_by_local_id_and_not_bodies()
    {
        var (project, maintainer) = await Boards.ProjectAsync();
        var viewer = await Boards.MemberAsync(project, maintainer, "viewer");
        await Boards.TodoAsync(project, maintainer, "Fix the LOGIN page");
        await Boards.TodoAsync(project, maintainer, "Unrelated");
        await Boards.TodoAsync(project, maintainer, "login again");
        await SendAsync(new Platform.Application.Boards.Todos.CreateTodo.CreateTodoCommand(project.Slug, "Body only", "login"), maintainer);

        var hits = await SendAsync(new SearchTodosQuery(project.Slug, "  Login "), viewer);

        Assert.That(hits.Select(h => (h.LocalId, h.Title)), Is.EqualTo(new[] { (1, "Fix the LOGIN page"), (3, "login again") }));
    }

    [Test]
    public async Task A_number_is_a_local_id_and_an_empty_query_lists_the_most_recently_updated()
    {
        var (project, maintainer) = await Boards.ProjectAsync();
        await Boards.TodoAsync(project, maintainer, "first");
        await Boards.TodoAsync(project, maintainer, "second");
        await Boards.TodoAsync(project, maintainer, "third");
        await SendAsync(new UpdateTodoCommand(project.Slug, 1, System.Text.Json.JsonDocument.Parse("""{"body":"touched"}""").RootElement), maintainer);

        Assert.That((await SendAsync(new SearchTodosQuery(project.Slug, "2"), maintainer)).Select(h => h.Title), Is.EqualTo(new[] { "second" }));
        Assert.That((await SendAsync(new SearchTodosQuery(project.Slug, "99"), maintainer)), Is.Empty);
        Assert.That((await SendAsync(new SearchTodosQuery(project.Slug), maintainer)).Select(h => h.LocalId), Is.EqualTo(new[] { 1, 3, 2 }));
    }

    [Test]
    public async Task Like_wildcards_in_the_text_match_only_themselves()
    {
        var (project, maintainer) = await Boards.ProjectAsync();
        await Boards.TodoAsync(project, maintainer, "100% done");
        await Boards.TodoAsync(project, maintainer, "snake_case");
        await Boards.TodoAsync(project, maintainer, "plain");

        Assert.That((await SendAsync(new SearchTodosQuery(project.Slug, "%"), maintainer)).Select(h => h.Title), Is.EqualTo(new[] { "100% done" }));
        Assert.That((await SendAsync(new SearchTodosQuery(project.Slug, "_"), maintainer)).Select(h => h.Title), Is.EqualTo(new[] { "snake_case" }));
        Assert.That(await SendAsync(new SearchTodosQuery(project.Slug, "\\"), maintainer), Is.Empty);
    }

    [Test]
    public async Task The_limit_applies_before_excluded_local_ids_are_dropped()
    {
        var (project, maintainer) = await Boards.ProjectAsync();
        for (var i = 0; i < 4; i++)
        {
            await Boards.TodoAsync(project, maintainer, $"match {i}");
        }

        var hits = await SendAsync(new SearchTodosQuery(project.Slug, "match", 3, [2]), maintainer);

        Assert.That(hits.Select(h => h.LocalId), Is.EqualTo(new[] { 1, 3 }));
    }

    [Test]
    public async Task Non_members_do_not_see_the_project()
    {
        var (project, maintainer) = await Boards.ProjectAsync();
        await Boards.TodoAsync(project, maintainer);

        Assert.That(BoardsSetup.ReasonOf(Assert.ThrowsAsync<NotFoundException>(() => SendAsync(new SearchTodosQuery(project.Slug)))), Is.EqualTo(BoardErrors.ProjectNotFound));
        Assert.ThrowsAsync<AuthRequiredException>(() => SendAsync(new SearchTodosQuery(project.Slug), Caller.Anonymous));
    }

    private static readonly object?[][] InvalidQueries =
    [
        [null, null, null],
        ["{slug}", 0, null],
        ["{slug}", 51, null],
        ["{slug}", null, new int?[] { 1, 0 }],
        ["{slug}", null, new int?[] { null }],
    ];

    [TestCaseSource(nameof(InvalidQueries))]
    public async Task Invalid_input_is_a_validation_error(string? slug, int? limit, int?[]? exclude)
    {
        var (project, maintainer) = await Boards.ProjectAsync();

        Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new SearchTodosQuery(slug == "{slug}" ? project.Slug : slug, null, limit, exclude), maintainer));
    }

    [Test]
    public async Task Invalid_text_in_the_query_is_a_validation_error()
    {
        var (project, maintainer) = await Boards.ProjectAsync();

        Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new SearchTodosQuery(project.Slug, "a\0b"), maintainer));
        Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new SearchTodosQuery(project.Slug, "\udc00"), maintainer));
    }
}
