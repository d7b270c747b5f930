using Platform.Application.Boards.Projects.ListProjects;
using Platform.Domain.Common;

namespace Platform.IntegrationTests.Application.Boards.Projects.ListProjects;

public sealed class ListProjectsQueryTests : MediatorFixture
{
    private BoardsSetup Boards => new(App, Owner);

    [Test]
    public async Task Lists_only_the_callers_projects_with_their_role_most_recently_updated_first()
    {
        var (older, olderMaintainer) = await Boards.ProjectAsync();
        var (newer, newerMaintainer) = await Boards.ProjectAsync();
        var (foreign, _) = await Boards.ProjectAsync();
        var user = await CreateUserAsync();
        await SendAsync(new Platform.Application.Boards.Members.AddMember.AddMemberCommand(older.Slug, user.UserId, "viewer"), olderMaintainer);
        await SendAsync(new Platform.Application.Boards.Members.AddMember.AddMemberCommand(newer.Slug, user.UserId, "contributor"), newerMaintainer);

        var before = await SendAsync(new ListProjectsQuery(), user);
        Assert.That(before.Select(p => (p.Slug, p.Role)), Is.EqualTo(new[] { (newer.Slug, "contributor"), (older.Slug, "viewer") }));
        Assert.That(before.Select(p => p.Id), Does.Not.Contain(foreign.Id));

        // A todo write bumps the project to the top.
        await Boards.TodoAsync(older, olderMaintainer);
        var after = await SendAsync(new ListProjectsQuery(), user);
        Assert.That(after.Select(p => p.Slug), Is.EqualTo(new[] { older.Slug, newer.Slug }));
    }

    [Test]
    public async Task A_user_without_memberships_gets_an_empty_list()
    {
        await Boards.ProjectAsync();
        var user = await CreateUserAsync("admin");

        Assert.That(await SendAsync(new ListProjectsQuery(), user), Is.Empty);
    }

    [Test]
    public void Nobody_signed_in_is_refused() =>
        Assert.ThrowsAsync<AuthRequiredException>(() => SendAsync(new ListProjectsQuery(), Caller.Anonymous));
}
