using Microsoft.EntityFrameworkCore;
using Platform.Application.Boards;
using Platform.Application.Boards.Projects.TransferMaintainership;
using Platform.Domain.Boards;
using Platform.Domain.Common;

namespace Platform.IntegrationTests.Application.Boards.Projects.TransferMaintainership;

public sealed class TransferMaintainershipCommandTests : MediatorFixture
{
    private BoardsSetup Boards => new(App, Owner);

    private Task<Dictionary<int, string>> RolesAsync(int projectId) =>
        InDatabaseAsync(db => db.Set<ProjectMember>().Where(m => m.ProjectId == projectId).ToDictionaryAsync(m => m.UserId, m => m.Role));

    [Test]
    public async Task A_new_user_joins_as_maintainer_and_the_previous_maintainers_become_contributors()
    {
        var (project, maintainer) = await Boards.ProjectAsync();
        var target = await CreateUserAsync();
        var admin = await CreateUserAsync("admin");

        var result = await SendAsync(new TransferMaintainershipCommand(project.Id, target.UserId), admin);

        Assert.That(result.Joined, Is.True);
        Assert.That(result.DemotedUserIds, Is.EqualTo(new[] { maintainer.UserId!.Value }));
        Assert.That(result.Members.Select(m => (m.UserId, m.Role)), Is.EqualTo(new[] { (maintainer.UserId!.Value, "contributor"), (target.UserId!.Value, "maintainer") }));
        var roles = await RolesAsync(project.Id);
        Assert.That(roles, Is.EquivalentTo(new Dictionary<int, string> { [maintainer.UserId!.Value] = "contributor", [target.UserId!.Value] = "maintainer" }));
    }

    [Test]
    public async Task An_existing_member_is_promoted_and_previous_maintainers_can_be_kept()
    {
        var (project, maintainer) = await Boards.ProjectAsync();
        var viewer = await Boards.MemberAsync(project, maintainer, "viewer");

        var result = await SendAsync(new TransferMaintainershipCommand(project.Id, viewer.UserId, KeepPreviousMaintainers: true));

        Assert.That(result.Joined, Is.False);
        Assert.That(result.DemotedUserIds, Is.Empty);
        var roles = await RolesAsync(project.Id);
        Assert.That((roles[maintainer.UserId!.Value], roles[viewer.UserId!.Value]), Is.EqualTo(("maintainer", "maintainer")));
    }

    [Test]
    public async Task The_acting_admin_cannot_demote_themselves()
    {
        var admin = await CreateUserAsync("admin");
        var project = await SendAsync(new Platform.Application.Boards.Projects.CreateProject.CreateProjectCommand(Unique("Admins")), admin);
        var target = await CreateUserAsync();

        Assert.That(BoardsSetup.ReasonOf(Assert.ThrowsAsync<ConflictException>(() => SendAsync(new TransferMaintainershipCommand(project.Id, target.UserId), admin))), Is.EqualTo(BoardErrors.CannotDemoteSelf));
        var roles = await RolesAsync(project.Id);
        Assert.That(roles, Is.EquivalentTo(new Dictionary<int, string> { [admin.UserId!.Value] = "maintainer" }));
    }

    [Test]
    public async Task Only_admins_and_owners_may_transfer()
    {
        var (project, maintainer) = await Boards.ProjectAsync();
        var target = await CreateUserAsync();

        Assert.ThrowsAsync<ForbiddenException>(() => SendAsync(new TransferMaintainershipCommand(project.Id, target.UserId), maintainer));
        Assert.ThrowsAsync<AuthRequiredException>(() => SendAsync(new TransferMaintainershipCommand(project.Id, target.UserId), Caller.Anonymous));
        Assert.That(await RolesAsync(project.Id), Does.Not.ContainKey(target.UserId!.Value));
    }

    [Test]
    public async Task Unknown_projects_and_users_are_not_found()
    {
        var (project, _) = await Boards.ProjectAsync();
        var target = await CreateUserAsync();

        Assert.ThrowsAsync<NotFoundException>(() => SendAsync(new TransferMaintainershipCommand(999_999, target.UserId)));
        Assert.ThrowsAsync<NotFoundException>(() => SendAsync(new TransferMaintainershipCommand(project.Id, 999_999)));
    }

    [TestCase(null)]
    [TestCase(0)]
    [TestCase(-1)]
    public async Task A_missing_or_non_positive_user_id_is_a_validation_error(int? userId)
    {
        var (project, _) = await Boards.ProjectAsync();

        Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new TransferMaintainershipCommand(project.Id, userId)));
    }
}
