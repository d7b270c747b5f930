using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Platform.Application.Boards;
using Platform.Application.Boards.Sprints.ActivateSprint;
using Platform.Application.Boards.Sprints.CloseSprint;
using Platform.Application.Boards.Sprints.UpdateSprint;
using Platform.Domain.Boards;
using Platform.Domain.Common;

namespace Platform.IntegrationTests.Application.Boards.Sprints.UpdateSprint;

public sealed class UpdateSprintCommandTests : MediatorFixture
{
    private BoardsSetup Boards => new(App, Owner);

    private static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement;

    private Task<Sprint> StoredAsync(int sprintId) => InDatabaseAsync(db => db.Set<Sprint>().AsNoTracking().SingleAsync(s => s.Id == sprintId));

    [Test]
    public async Task A_planned_sprint_takes_a_new_name_and_dates()
    {
        var (project, maintainer) = await Boards.ProjectAsync();
        var sprint = await Boards.SprintAsync(project, maintainer);
        var start = new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var end = start.AddDays(10);

        var updated = await SendAsync(new UpdateSprintCommand(project.Slug, sprint.Id, Json($$"""{"name":"  Renamed ","plannedStartAt":{{start.ToUnixTimeMilliseconds()}},"plannedEndAt":{{end.ToUnixTimeMilliseconds()}}.0}""")), maintainer);

        Assert.That((updated.Name, updated.PlannedStartAt, updated.PlannedEndAt), Is.EqualTo(("Renamed", start, end)));
        var stored = await StoredAsync(sprint.Id);
        Assert.That((stored.Name, stored.PlannedStartAt, stored.PlannedEndAt), Is.EqualTo(("Renamed", start, end)));
    }

    [Test]
    public async Task An_active_sprint_takes_only_a_new_end_and_a_closed_one_only_a_name()
    {
        var (project, maintainer) = await Boards.ProjectAsync();
        var sprint = await Boards.SprintAsync(project, maintainer, "Live");
        await SendAsync(new ActivateSprintCommand(project.Slug, sprint.Id), maintainer);
        var end = DateTimeOffset.UtcNow.AddDays(30);
        end = DateTimeOffset.FromUnixTimeMilliseconds(end.ToUnixTimeMilliseconds());

        Assert.That(BoardsSetup.ReasonOf(Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new UpdateSprintCommand(project.Slug, sprint.Id, Json("""{"name":"No"}""")), maintainer))), Is.EqualTo(BoardErrors.ActiveSprintDates));
        Assert.That((await SendAsync(new UpdateSprintCommand(project.Slug, sprint.Id, Json($$"""{"plannedEndAt":{{end.ToUnixTimeMilliseconds()}}}""")), maintainer)).PlannedEndAt, Is.EqualTo(end));

        await SendAsync(new CloseSprintCommand(project.Slug, sprint.Id), maintainer);
        Assert.That(BoardsSetup.ReasonOf(Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new UpdateSprintCommand(project.Slug, sprint.Id, Json($$"""{"plannedEndAt":{{end.ToUnixTimeMilliseconds()}}}""")), maintainer))), Is.EqualTo(BoardErrors.ClosedSprintDates));
        await SendAsync(new UpdateSprintCommand(project.Slug, sprint.Id, Json("""{"name":"Archived"}""")), maintainer);
        var stored = await StoredAsync(sprint.Id);
        Assert.That((stored.Name, stored.PlannedEndAt, stored.State), Is.EqualTo(("Archived", end, SprintState.Closed)));
    }

    [Test]
    public async Task An_empty_patch_changes_nothing_and_a_name_taken_by_another_sprint_is_refused()
    {
        var (project, maintainer) = await Boards.ProjectAsync();
        var sprint = await Boards.SprintAsync(project, maintainer, "Mine");
        await Boards.SprintAsync(project, maintainer, "Taken");

        Assert.That(await SendAsync(new UpdateSprintCommand(project.Slug, sprint.Id, Json("{}")), maintainer), Is.EqualTo(sprint));
        Assert.That(BoardsSetup.ReasonOf(Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new UpdateSprintCommand(project.Slug, sprint.Id, Json("""{"name":"Taken"}""")), maintainer))), Is.EqualTo(BoardErrors.SprintNameTaken));
        Assert.That((await StoredAsync(sprint.Id)).Name, Is.EqualTo("Mine"));
    }

    [Test]
    public async Task Members_below_maintainer_are_forbidden_and_unknown_sprints_are_not_found()
    {
        var (project, maintainer) = await Boards.ProjectAsync();
        var sprint = await Boards.SprintAsync(project, maintainer, "Keep");
        var contributor = await Boards.MemberAsync(project, maintainer, "contributor");

        Assert.That(BoardsSetup.ReasonOf(Assert.ThrowsAsync<ForbiddenException>(() => SendAsync(new UpdateSprintCommand(project.Slug, sprint.Id, Json("""{"name":"X"}""")), contributor))), Is.EqualTo(BoardErrors.MaintainerRequired));
        Assert.That(BoardsSetup.ReasonOf(Assert.ThrowsAsync<NotFoundException>(() => SendAsync(new UpdateSprintCommand(project.Slug, 999_999, Json("""{"name":"X"}""")), maintainer))), Is.EqualTo(BoardErrors.SprintNotFound));
        Assert.That(BoardsSetup.ReasonOf(Assert.ThrowsAsync<NotFoundException>(() => SendAsync(new UpdateSprintCommand(project.Slug, sprint.Id, Json("""{"name":"X"}"""))))), Is.EqualTo(BoardErrors.ProjectNotFound));
        Assert.ThrowsAsync<AuthRequiredException>(() => SendAsync(new UpdateSprintCommand(project.Slug, sprint.Id, Json("""{"name":"X"}""")), Caller.Anonymous));
        Assert.That((await StoredAsync(sprint.Id)).Name, Is.EqualTo("Keep"));
    }

    [TestCase("""{"name":null}""")]
    [TestCase("""{"name":""}""")]
    [TestCase("""{"name":7}""")]
    [TestCase("""{"name":"a\u0000b"}""")]
    [TestCase("""{"name":"a\ud800b"}""")]
    [TestCase("""{"plannedStartAt":"2026-01-01T00:00:00Z"}""")]
    [TestCase("""{"plannedEndAt":1.5}""")]
    [TestCase("""{"plannedEndAt":0}""")]
    [TestCase("""{"plannedEndAt":1e300}""")]
    [TestCase("""{"state":"CLOSED"}""")]
    [TestCase("""[1]""")]
    [TestCase("""null""")]
    public async Task Invalid_patches_are_validation_errors(string patch)
    {
        var (project, maintainer) = await Boards.ProjectAsync();
        var sprint = await Boards.SprintAsync(project, maintainer, "Same");

        Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new UpdateSprintCommand(project.Slug, sprint.Id, Json(patch)), maintainer));
        var stored = await StoredAsync(sprint.Id);
        Assert.That((stored.Name, stored.PlannedEndAt), Is.EqualTo(("Same", sprint.PlannedEndAt)));
    }

    [Test]
    public async Task A_missing_patch_or_sprint_id_is_a_validation_error()
    {
        var (project, maintainer) = await Boards.ProjectAsync();

        Assert.That(BoardsSetup.ReasonOf(Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new UpdateSprintCommand(project.Slug, 1, null), maintainer))), Is.EqualTo(BoardErrors.FieldRequired));
        Assert.That(BoardsSetup.ReasonOf(Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new UpdateSprintCommand(project.Slug, 0, Json("{}")), maintainer))), Is.EqualTo(BoardErrors.InvalidField));
    }
}
