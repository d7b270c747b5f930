using MediatR;
using Microsoft.Extensions.DependencyInjection;
using Platform.Application.Boards;
using Platform.Application.Boards.Common;
using Platform.Application.Boards.Members.AddMember;
using Platform.Application.Boards.Projects.CreateProject;
using Platform.Application.Boards.Sprints.CreateSprint;
using Platform.Application.Boards.Todos.CreateTodo;
using Platform.Application.Identity.Users.CreateUser;
using Platform.Domain.Common;
using Platform.IntegrationTests.Support;

namespace Platform.IntegrationTests.Application.Boards;

/// <summary>
/// The arrangements the Boards use-case tests share: users, a project with its maintainer, members
/// of each role, todos and sprints, each made through the real requests (as the test's fixture does).
/// </summary>
internal sealed class BoardsSetup(PlatformApp app, Caller owner)
{
    private static int _sequence;

    public static string Next(string prefix) => $"{prefix}{Interlocked.Increment(ref _sequence)}";

    /// <summary>The <see cref="BoardErrors"/> reason of a failure (null when there is none).</summary>
    public static string? ReasonOf(PlatformException? error) =>
        error is not null && error.Details.TryGetValue(BoardErrors.ReasonKey, out var reason) ? reason as string : null;

    /// <summary>An RFC 3339 instant <paramref name="days"/> from now.</summary>
    public static string InDays(double days) => DateTimeOffset.UtcNow.AddDays(days).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'");

    public async Task<T> SendAsync<T>(IRequest<T> request, Caller? caller = null)
    {
        TestCurrentUser.Current.Value = caller ?? owner;
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(request);
    }

    /// <summary>A new user with a system role (user, admin or owner), made by the system owner.</summary>
    public async Task<Caller> UserAsync(string role = "user", string? name = null)
    {
        var n = Next("boards");
        var user = await SendAsync(new CreateUserCommand($"{n}@example.com", "password123", name ?? $"Boards {n}", role), owner);
        return new Caller(user.Id, user.SystemRole);
    }

    /// <summary>A new project created by a new user (its maintainer).</summary>
    public async Task<(ProjectDto Project, Caller Maintainer)> ProjectAsync()
    {
        var maintainer = await UserAsync();
        var project = await SendAsync(new CreateProjectCommand(Next("Project ")), maintainer);
        return (project, maintainer);
    }

    /// <summary>A new user added to the project with <paramref name="role"/> (maintainer, contributor or viewer).</summary>
    public async Task<Caller> MemberAsync(ProjectDto project, Caller maintainer, string role)
    {
        var user = await UserAsync();
        await SendAsync(new AddMemberCommand(project.Slug, user.UserId, role), maintainer);
        return user;
    }

    public Task<TodoDto> TodoAsync(ProjectDto project, Caller maintainer, string? title = null, string? column = null, IReadOnlyList<string?>? tags = null, int? sprintId = null, int? assignee = null) =>
        SendAsync(new CreateTodoCommand(project.Slug, title ?? Next("Todo "), Tags: tags, ColumnKey: column, SprintId: sprintId, AssigneeUserId: assignee), maintainer);

    /// <summary>A PLANNED sprint from yesterday to two weeks from now.</summary>
    public Task<SprintDto> SprintAsync(ProjectDto project, Caller maintainer, string? name = null, double startDays = -1, double endDays = 14) =>
        SendAsync(new CreateSprintCommand(project.Slug, name ?? Next("Sprint "), InDays(startDays), InDays(endDays)), maintainer);
}
