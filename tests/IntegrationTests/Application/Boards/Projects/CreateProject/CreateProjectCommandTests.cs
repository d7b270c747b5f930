using Microsoft.EntityFrameworkCore;
using Platform.Application.Boards;
using Platform.Application.Boards.Projects.CreateProject;
using Platform.Domain.Boards;
using Platform.Domain.Common;

namespace Platform.IntegrationTests.Application.Boards.Projects.CreateProject;

public sealed class CreateProjectCommandTests : MediatorFixture
{
    private BoardsSetup Boards => new(App, Owner);

    [Test]
    public async Task Creates_the_project_with_the_default_lanes_and_the_caller_as_maintainer()
    {
        var user = await CreateUserAsync();
        var name = Unique("Road Map");

        var project = await SendAsync(new CreateProjectCommand($"  {name}  "), user);

        Assert.That(project.Name, Is.EqualTo(name));
        Assert.That(project.Slug, Is.EqualTo(name.ToLowerInvariant().Replace(' ', '-')));
        Assert.That(project.Role, Is.EqualTo("maintainer"));
        Assert.That(project.CreatorUserId, Is.EqualTo(user.UserId));
        Assert.That(project.ExpiresAt, Is.Null);
        var stored = await InDatabaseAsync(db => db.Set<Project>().SingleAsync(p => p.Id == project.Id));
        Assert.That((stored.Name, stored.Slug), Is.EqualTo((name, project.Slug)));
        var lanes = await InDatabaseAsync(db => db.Set<WorkflowColumn>().Where(c => c.ProjectId == project.Id).OrderBy(c => c.Position).Select(c => c.Key).ToListAsync());
        Assert.That(lanes, Is.EqualTo(new[] { "backlog", "not_started", "doing", "testing", "done" }));
        var members = await InDatabaseAsync(db => db.Set<ProjectMember>().Where(m => m.ProjectId == project.Id).Select(m => new { m.UserId, m.Role }).ToListAsync());
        Assert.That(members.Select(m => (m.UserId, m.Role)), Is.EqualTo(new[] { (user.UserId!.Value, "maintainer") }));
    }

    [Test]
    public async Task A_second_project_with_the_same_name_gets_a_numbered_slug()
    {
        var user = await CreateUserAsync();
        var name = Unique("Same");

        var first = await SendAsync(new CreateProjectCommand(name), user);
        var second = await SendAsync(new CreateProjectCommand(name), user);

        Assert.That(second.Slug, Is.EqualTo(first.Slug + "-2"));
        Assert.That(await InDatabaseAsync(db => db.Set<Project>().CountAsync(p => p.Slug.StartsWith(first.Slug))), Is.EqualTo(2));
    }

    [Test]
    public async Task A_custom_workflow_replaces_the_default_lanes()
    {
        var user = await CreateUserAsync();
        var workflow = new[] { new WorkflowColumnRequest("todo", "To do", "#112233", false), new WorkflowColumnRequest("shipped", "Shipped", null, true) };

        var project = await SendAsync(new CreateProjectCommand(Unique("Custom"), workflow), user);

        var lanes = await InDatabaseAsync(db => db.Set<WorkflowColumn>().Where(c => c.ProjectId == project.Id).OrderBy(c => c.Position).ToListAsync());
        Assert.That(lanes.Select(c => (c.Key, c.Name, c.Color, c.IsDone)), Is.EqualTo(new[] { ("todo", "To do", "#112233", false), ("shipped", "Shipped", Workflow.DefaultCustomColor, true) }));
    }

    [Test]
    public async Task An_invalid_workflow_is_a_validation_error_and_stores_nothing()
    {
        var user = await CreateUserAsync();
        var name = Unique("Single lane");

        Assert.That(BoardsSetup.ReasonOf(Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new CreateProjectCommand(name, [new WorkflowColumnRequest("done", "Done", null, true)]), user))), Is.EqualTo(BoardErrors.WorkflowColumnCount));
        Assert.That(BoardsSetup.ReasonOf(Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new CreateProjectCommand(name, [new WorkflowColumnRequest("a", "A", null, false), new WorkflowColumnRequest("b", "B", null, false)]), user))), Is.EqualTo(BoardErrors.WorkflowDoneColumn));
        Assert.That(await InDatabaseAsync(db => db.Set<Project>().AnyAsync(p => p.Name == name)), Is.False);
    }

    [Test]
    public void Nobody_signed_in_is_refused() =>
        Assert.ThrowsAsync<AuthRequiredException>(() => SendAsync(new CreateProjectCommand("Anonymous"), Caller.Anonymous));

    // A lone surrogate cannot sit in an attribute (its UTF-8 blob would turn it into U+FFFD), hence a source.
    private static readonly string?[] InvalidNames = [null, "", "   ", "a\0b", "x\ud800", "日本語"];

    [TestCaseSource(nameof(InvalidNames))]
    public async Task Invalid_names_are_validation_errors(string? name)
    {
        var user = await CreateUserAsync();

        Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new CreateProjectCommand(name), user));
        Assert.That(await InDatabaseAsync(db => db.Set<Project>().CountAsync(p => p.CreatorUserId == user.UserId)), Is.Zero);
    }

    [Test]
    public async Task A_name_longer_than_200_bytes_is_a_validation_error()
    {
        var user = await CreateUserAsync();

        Assert.That(BoardsSetup.ReasonOf(Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new CreateProjectCommand(new string('n', Project.MaxNameBytes + 1)), user))), Is.EqualTo(BoardErrors.InvalidProjectName));
        Assert.That((await SendAsync(new CreateProjectCommand(new string('n', Project.MaxNameBytes)), user)).Name, Has.Length.EqualTo(Project.MaxNameBytes));
    }
}
