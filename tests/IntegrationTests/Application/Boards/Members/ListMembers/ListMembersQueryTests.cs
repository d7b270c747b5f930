using Microsoft.EntityFrameworkCore;
using Platform.Application.Boards;
using Platform.Application.Boards.Members.ListMembers;
using Platform.Domain.Boards;
using Platform.Domain.Common;

namespace Platform.IntegrationTests.Application.Boards.Members.ListMembers;

public sealed class ListMembersQueryTests : MediatorFixture
{
    private BoardsSetup Boards => new(App, Owner);

    [Test]
    public async Task A_viewer_lists_the_members_in_join_order_with_legacy_roles_normalised()
    {
        var (project, maintainer) = await Boards.ProjectAsync();
        var contributor = await Boards.MemberAsync(project, maintainer, "contributor");
        var viewer = await Boards.MemberAsync(project, maintainer, "viewer");
        await InDatabaseAsync(db => db.Set<ProjectMember>().Where(m => m.ProjectId == project.Id && m.UserId == maintainer.UserId).ExecuteUpdateAsync(s => s.SetProperty(m => m.Role, "owner")));
        await InDatabaseAsync(db => db.Set<ProjectMember>().Where(m => m.ProjectId == project.Id && m.UserId == contributor.UserId).ExecuteUpdateAsync(s => s.SetProperty(m => m.Role, "editor")));

        var members = await SendAsync(new ListMembersQuery($" {project.Slug} "), viewer);

        Assert.That(members.Select(m => (m.UserId, m.Role)), Is.EqualTo(new[]
        {
            (maintainer.UserId!.Value, "maintainer"),
            (contributor.UserId!.Value, "contributor"),
            (viewer.UserId!.Value, "viewer"),
        }));
        Assert.That(members.All(m => m.Email.EndsWith("@example.com", StringComparison.Ordinal)), Is.True);
    }

    [Test]
    public async Task Non_members_including_the_system_owner_do_not_see_the_project()
    {
        var (project, _) = await Boards.ProjectAsync();
        var admin = await CreateUserAsync("admin");

        Assert.That(BoardsSetup.ReasonOf(Assert.ThrowsAsync<NotFoundException>(() => SendAsync(new ListMembersQuery(project.Slug), admin))), Is.EqualTo(BoardErrors.ProjectNotFound));
        Assert.That(BoardsSetup.ReasonOf(Assert.ThrowsAsync<NotFoundException>(() => SendAsync(new ListMembersQuery(project.Slug)))), Is.EqualTo(BoardErrors.ProjectNotFound));
        Assert.That(BoardsSetup.ReasonOf(Assert.ThrowsAsync<NotFoundException>(() => SendAsync(new ListMembersQuery("no-such-project")))), Is.EqualTo(BoardErrors.ProjectNotFound));
        Assert.ThrowsAsync<AuthRequiredException>(() => SendAsync(new ListMembersQuery(project.Slug), Caller.Anonymous));
    }

    [TestCase("")]
    [TestCase("UPPER CASE")]
    [TestCase("a\0b")]
    public void An_invalid_slug_is_a_validation_error(string slug) =>
        Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new ListMembersQuery(slug)));
}
