using Microsoft.EntityFrameworkCore;
using Platform.Application.Boards;
using Platform.Application.Boards.Members.UpdateMemberRole;
using Platform.Domain.Boards;
using Platform.Domain.Common;

namespace Platform.IntegrationTests.Application.Boards.Members.UpdateMemberRole;

public sealed class UpdateMemberRoleCommandTests : MediatorFixture
{
    private BoardsSetup Boards => new(App, Owner);

    private Task<string> StoredRoleAsync(int projectId, int? userId) =>
        InDatabaseAsync(db => db.Set<ProjectMember>().Where(m => m.ProjectId == projectId && m.UserId == userId).Select(m => m.Role).SingleAsync());

    [Test]
    public async Task A_maintainer_promotes_a_viewer()
    {
        var (project, maintainer) = await Boards.ProjectAsync();
        var viewer = await Boards.MemberAsync(project, maintainer, "viewer");

        var member = await SendAsync(new UpdateMemberRoleCommand(project.Slug, viewer.UserId, " MAINTAINER "), maintainer);

        Assert.That((member.UserId, member.Role), Is.EqualTo((viewer.UserId!.Value, "maintainer")));
        Assert.That(await StoredRoleAsync(project.Id, viewer.UserId), Is.EqualTo("maintainer"));
    }

    [Test]
    public async Task A_legacy_stored_role_is_rewritten_with_the_canonical_name()
    {
        var (project, maintainer) = await Boards.ProjectAsync();
        var contributor = await Boards.MemberAsync(project, maintainer, "contributor");
        await InDatabaseAsync(db => db.Set<ProjectMember>().Where(m => m.ProjectId == project.Id && m.UserId == contributor.UserId).ExecuteUpdateAsync(s => s.SetProperty(m => m.Role, "editor")));

        var member = await SendAsync(new UpdateMemberRoleCommand(project.Slug, contributor.UserId, "contributor"), maintainer);

        Assert.That(member.Role, Is.EqualTo("contributor"));
        Assert.That(await StoredRoleAsync(project.Id, contributor.UserId), Is.EqualTo("contributor"));
    }

    [Test]
    public async Task Nobody_demotes_themselves()
    {
        var (project, maintainer) = await Boards.ProjectAsync();
        await Boards.MemberAsync(project, maintainer, "maintainer");

        Assert.That(BoardsSetup.ReasonOf(Assert.ThrowsAsync<ConflictException>(() => SendAsync(new UpdateMemberRoleCommand(project.Slug, maintainer.UserId, "viewer"), maintainer))), Is.EqualTo(BoardErrors.CannotDemoteSelf));
        Assert.That(await StoredRoleAsync(project.Id, maintainer.UserId), Is.EqualTo("maintainer"));
        // Setting one's current role is a no-op, not a demotion.
        Assert.That((await SendAsync(new UpdateMemberRoleCommand(project.Slug, maintainer.UserId, "maintainer"), maintainer)).Role, Is.EqualTo("maintainer"));
    }

    [Test]
    public async Task A_maintainer_demotes_another_maintainer()
    {
        var (project, maintainer) = await Boards.ProjectAsync();
        var other = await Boards.MemberAsync(project, maintainer, "maintainer");

        await SendAsync(new UpdateMemberRoleCommand(project.Slug, other.UserId, "contributor"), maintainer);

        Assert.That(await StoredRoleAsync(project.Id, other.UserId), Is.EqualTo("contributor"));
    }

    [Test]
    public async Task Members_below_maintainer_are_forbidden_and_unknown_members_are_not_found()
    {
        var (project, maintainer) = await Boards.ProjectAsync();
        var contributor = await Boards.MemberAsync(project, maintainer, "contributor");
        var stranger = await CreateUserAsync();

        Assert.That(BoardsSetup.ReasonOf(Assert.ThrowsAsync<ForbiddenException>(() => SendAsync(new UpdateMemberRoleCommand(project.Slug, contributor.UserId, "maintainer"), contributor))), Is.EqualTo(BoardErrors.MaintainerRequired));
        Assert.That(BoardsSetup.ReasonOf(Assert.ThrowsAsync<NotFoundException>(() => SendAsync(new UpdateMemberRoleCommand(project.Slug, stranger.UserId, "viewer"), maintainer))), Is.EqualTo(BoardErrors.MemberNotFound));
        Assert.That(BoardsSetup.ReasonOf(Assert.ThrowsAsync<NotFoundException>(() => SendAsync(new UpdateMemberRoleCommand(project.Slug, contributor.UserId, "viewer"), stranger))), Is.EqualTo(BoardErrors.ProjectNotFound));
        Assert.ThrowsAsync<AuthRequiredException>(() => SendAsync(new UpdateMemberRoleCommand(project.Slug, contributor.UserId, "viewer"), Caller.Anonymous));
        Assert.That(await StoredRoleAsync(project.Id, contributor.UserId), Is.EqualTo("contributor"));
    }

    [TestCase(0, "viewer")]
    [TestCase(null, "viewer")]
    [TestCase(1, null)]
    [TestCase(1, "  ")]
    [TestCase(1, "owner")]
    [TestCase(1, "viewer\0")]
    public async Task Invalid_input_is_a_validation_error(int? userId, string? role)
    {
        var (project, maintainer) = await Boards.ProjectAsync();

        Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new UpdateMemberRoleCommand(project.Slug, userId, role), maintainer));
    }
}
