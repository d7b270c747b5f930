using Platform.Application.Boards;
using Platform.Application.Boards.Members.ListAvailableUsers;
using Platform.Domain.Common;
using Platform.Domain.Identity;

namespace Platform.IntegrationTests.Application.Boards.Members.ListAvailableUsers;

public sealed class ListAvailableUsersQueryTests : MediatorFixture
{
    private BoardsSetup Boards => new(App, Owner);

    [Test]
    public async Task A_maintainer_sees_every_user_who_is_not_a_member_oldest_first()
    {
        var (project, maintainer) = await Boards.ProjectAsync();
        var viewer = await Boards.MemberAsync(project, maintainer, "viewer");
        var outsider = await CreateUserAsync("admin");

        var users = await SendAsync(new ListAvailableUsersQuery(project.Slug), maintainer);

        var ids = users.Select(u => u.UserId).ToList();
        Assert.That(ids, Does.Contain(outsider.UserId).And.Contain(Owner.UserId));
        Assert.That(ids, Does.Not.Contain(maintainer.UserId).And.Not.Contain(viewer.UserId));
        Assert.That(users.Select(u => u.CreatedAt), Is.Ordered);
        var owner = users.Single(u => u.UserId == Owner.UserId);
        Assert.That((owner.Email, owner.SystemRole, owner.IsBootstrap), Is.EqualTo(("owner@example.com", SystemRole.Owner, true)));
        Assert.That(users.Single(u => u.UserId == outsider.UserId).SystemRole, Is.EqualTo(SystemRole.Admin));
    }

    [TestCase("contributor")]
    [TestCase("viewer")]
    public async Task Members_below_maintainer_are_forbidden(string role)
    {
        var (project, maintainer) = await Boards.ProjectAsync();
        var caller = await Boards.MemberAsync(project, maintainer, role);

        Assert.That(BoardsSetup.ReasonOf(Assert.ThrowsAsync<ForbiddenException>(() => SendAsync(new ListAvailableUsersQuery(project.Slug), caller))), Is.EqualTo(BoardErrors.MaintainerRequired));
    }

    [Test]
    public async Task Non_members_and_anonymous_callers_are_refused()
    {
        var (project, _) = await Boards.ProjectAsync();

        Assert.That(BoardsSetup.ReasonOf(Assert.ThrowsAsync<NotFoundException>(() => SendAsync(new ListAvailableUsersQuery(project.Slug)))), Is.EqualTo(BoardErrors.ProjectNotFound));
        Assert.ThrowsAsync<AuthRequiredException>(() => SendAsync(new ListAvailableUsersQuery(project.Slug), Caller.Anonymous));
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("--")]
    [TestCase("a\0b")]
    public void An_invalid_slug_is_a_validation_error(string? slug) =>
        Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new ListAvailableUsersQuery(slug)));
}
