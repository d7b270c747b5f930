using Microsoft.EntityFrameworkCore;
using Platform.Application.Boards;
using Platform.Application.Boards.Sprints.CreateSprint;
using Platform.Domain.Boards;
using Platform.Domain.Common;

namespace Platform.IntegrationTests.Application.Boards.Sprints.CreateSprint;

public sealed class CreateSprintCommandTests : MediatorFixture
{
    private BoardsSetup Boards => new(App, Owner);

    [Test]
    public async Task A_maintainer_plans_sprints_numbered_per_project()
    {
        var (project, maintainer) = await Boards.ProjectAsync();

        var first = await SendAsync(new CreateSprintCommand(project.Slug, "  Sprint A ", "2026-04-01T09:00:00+02:00", "2026-04-15T09:00:00.1234567891Z"), maintainer);
        var second = await SendAsync(new CreateSprintCommand(project.Slug, "Sprint B", "2020-01-01T00:00:00Z", "2020-01-01T00:00:00Z"), maintainer);

        Assert.That((first.Number, first.Name, first.State, first.StartedAt, first.ClosedAt), Is.EqualTo((1, "Sprint A", SprintState.Planned, (DateTimeOffset?)null, (DateTimeOffset?)null)));
        Assert.That(first.PlannedStartAt, Is.EqualTo(new DateTimeOffset(2026, 4, 1, 7, 0, 0, TimeSpan.Zero)));
        Assert.That(first.PlannedEndAt, Is.EqualTo(new DateTimeOffset(2026, 4, 15, 9, 0, 0, 123, TimeSpan.Zero)));
        Assert.That(second.Number, Is.EqualTo(2));
        var stored = await InDatabaseAsync(db => db.Set<Sprint>().Where(s => s.ProjectId == project.Id).OrderBy(s => s.Number).ToListAsync());
        Assert.That(stored.Select(s => (s.Id, s.Name, s.State)), Is.EqualTo(new[] { (first.Id, "Sprint A", SprintState.Planned), (second.Id, "Sprint B", SprintState.Planned) }));
        Assert.That(stored[0].PlannedEndAt, Is.EqualTo(first.PlannedEndAt));
    }

    [Test]
    public async Task A_duplicate_name_in_the_same_project_is_a_validation_error()
    {
        var (project, maintainer) = await Boards.ProjectAsync();
        var (other, otherMaintainer) = await Boards.ProjectAsync();
        await Boards.SprintAsync(project, maintainer, "Alpha");

        Assert.That(BoardsSetup.ReasonOf(Assert.ThrowsAsync<ValidationFailedException>(() => Boards.SprintAsync(project, maintainer, " Alpha "))), Is.EqualTo(BoardErrors.SprintNameTaken));
        Assert.That((await Boards.SprintAsync(other, otherMaintainer, "Alpha")).Number, Is.EqualTo(1));
    }

    [Test]
    public async Task Members_below_maintainer_are_forbidden_and_non_members_do_not_see_the_project()
    {
        var (project, maintainer) = await Boards.ProjectAsync();
        var contributor = await Boards.MemberAsync(project, maintainer, "contributor");
        var stranger = await CreateUserAsync();

        Assert.That(BoardsSetup.ReasonOf(Assert.ThrowsAsync<ForbiddenException>(() => Boards.SprintAsync(project, contributor))), Is.EqualTo(BoardErrors.MaintainerRequired));
        Assert.That(BoardsSetup.ReasonOf(Assert.ThrowsAsync<NotFoundException>(() => Boards.SprintAsync(project, stranger))), Is.EqualTo(BoardErrors.ProjectNotFound));
        Assert.ThrowsAsync<AuthRequiredException>(() => Boards.SprintAsync(project, Caller.Anonymous));
        Assert.That(await InDatabaseAsync(db => db.Set<Sprint>().CountAsync(s => s.ProjectId == project.Id)), Is.Zero);
    }

    [TestCase(null, "2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z")]
    [TestCase("   ", "2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z")]
    [TestCase("a\0b", "2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z")]
    [TestCase("S", null, "2026-01-02T00:00:00Z")]
    [TestCase("S", "2026-01-01", "2026-01-02T00:00:00Z")]
    [TestCase("S", "2026-01-01T00:00:00", "2026-01-02T00:00:00Z")]
    [TestCase("S", "2026-13-01T00:00:00Z", "2026-01-02T00:00:00Z")]
    [TestCase("S", "2026-01-01T00:00:00Z", "")]
    [TestCase("S", "2026-01-02T00:00:00Z", "2026-01-01T23:59:59Z")]
    public async Task Invalid_input_is_a_validation_error(string? name, string? start, string? end)
    {
        var (project, maintainer) = await Boards.ProjectAsync();

        Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new CreateSprintCommand(project.Slug, name, start, end), maintainer));
        Assert.That(await InDatabaseAsync(db => db.Set<Sprint>().CountAsync(s => s.ProjectId == project.Id)), Is.Zero);
    }

    [Test]
    public async Task A_name_longer_than_200_bytes_is_a_validation_error()
    {
        var (project, maintainer) = await Boards.ProjectAsync();

        Assert.That(BoardsSetup.ReasonOf(Assert.ThrowsAsync<ValidationFailedException>(() => Boards.SprintAsync(project, maintainer, new string('é', 101)))), Is.EqualTo(BoardErrors.InvalidSprintName));
    }
}
