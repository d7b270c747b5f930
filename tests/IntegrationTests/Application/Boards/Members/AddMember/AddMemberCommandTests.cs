using Microsoft.EntityFrameworkCore;
using Platform.Application.Boards;
using Platform.Application.Boards.Members.AddMember;
using Platform.Domain.Boards;
using Platform.Domain.Common;

namespace Platform.IntegrationTests.Application.Boards.Members.AddMember;

public sealed class AddMemberCommandTests : MediatorFixture
{
    private BoardsSetup Boards => new(App, Owner);

    private Task<string?> StoredRoleAsync(int projectId, int? userId) =>
        InDatabaseAsync(db => db.Set<ProjectMember>().Where(m => m.ProjectId == projectId && m.UserId == userId).Select(m => m.Role).SingleOrDefaultAsync());

    [Test]
    public async Task A_maintainer_adds_a_user_with_the_canonical_role()
    {
        var (project, maintainer) = await Boards.ProjectAsync();
        var user = await CreateUserAsync(name: "Ana Lima");

        var member = await SendAsync(new AddMemberCommand(project.Slug, user.UserId, "  Contributor "), maintainer);

        Assert.That((member.UserId, member.Name, member.Role), Is.EqualTo((user.UserId!.Value, "Ana Lima", "contributor")));
        Assert.That(member.Email, Does.EndWith("@example.com"));
        Assert.That(await StoredRoleAsync(project.Id, user.UserId), Is.EqualTo("contributor"));
    }

    [Test]
    public async Task Adding_a_member_twice_is_a_conflict()
    {
        var (project, maintainer) = await Boards.ProjectAsync();
        var viewer = await Boards.MemberAsync(project, maintainer, "viewer");

        Assert.That(BoardsSetup.ReasonOf(Assert.ThrowsAsync<ConflictException>(() => SendAsync(new AddMemberCommand(project.Slug, viewer.UserId, "maintainer"), maintainer))), Is.EqualTo(BoardErrors.AlreadyMember));
        Assert.That(await StoredRoleAsync(project.Id, viewer.UserId), Is.EqualTo("viewer"));
    }

    [Test]
    public async Task An_unknown_user_is_not_found()
    {
        var (project, maintainer) = await Boards.ProjectAsync();

        Assert.That(BoardsSetup.ReasonOf(Assert.ThrowsAsync<NotFoundException>(() => SendAsync(new AddMemberCommand(project.Slug, 999_999, "viewer"), maintainer))), Is.EqualTo(BoardErrors.UserNotFound));
    }

    [TestCase("contributor")]
    [TestCase("viewer")]
    public async Task Members_below_maintainer_are_forbidden(string role)
    {
        var (project, maintainer) = await Boards.ProjectAsync();
        var caller = await Boards.MemberAsync(project, maintainer, role);
        var user = await CreateUserAsync();

        Assert.That(BoardsSetup.ReasonOf(Assert.ThrowsAsync<ForbiddenException>(() => SendAsync(new AddMemberCommand(project.Slug, user.UserId, "viewer"), caller))), Is.EqualTo(BoardErrors.MaintainerRequired));
        Assert.That(await StoredRoleAsync(project.Id, user.UserId), Is.Null);
    }

    [Test]
    public async Task Non_members_including_the_system_owner_do_not_see_the_project()
    {
        var (project, _) = await Boards.ProjectAsync();
        var user = await CreateUserAsync();

        Assert.That(BoardsSetup.ReasonOf(Assert.ThrowsAsync<NotFoundException>(() => SendAsync(new AddMemberCommand(project.Slug, user.UserId, "viewer"), user))), Is.EqualTo(BoardErrors.ProjectNotFound));
        Assert.That(BoardsSetup.ReasonOf(Assert.ThrowsAsync<NotFoundException>(() => SendAsync(new AddMemberCommand(project.Slug, user.UserId, "viewer")))), Is.EqualTo(BoardErrors.ProjectNotFound));
        Assert.ThrowsAsync<AuthRequiredException>(() => SendAsync(new AddMemberCommand(project.Slug, user.UserId, "viewer"), Caller.Anonymous));
    }

    [TestCase("{slug}", 0, "viewer")]
    [TestCase("{slug}", null, "viewer")]
    [TestCase("{slug}", 1, "")]
    [TestCase("{slug}", 1, "owner")]
    [TestCase("{slug}", 1, "editor")]
    [TestCase("{slug}", 1, "view\0er")]
    [TestCase("", 1, "viewer")]
    [TestCase("bad slug!", 1, "viewer")]
    public async Task Invalid_input_is_a_validation_error(string slug, int? userId, string role)
    {
        var (project, maintainer) = await Boards.ProjectAsync();

        Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new AddMemberCommand(slug == "{slug}" ? project.Slug : slug, userId, role), maintainer));
    }
}
