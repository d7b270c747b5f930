using Platform.Application.Boards.Members.ListProjectMembers;
using Platform.Domain.Common;

namespace Platform.IntegrationTests.Application.Boards.Members.ListProjectMembers;

public sealed class ListProjectMembersQueryTests : MediatorFixture
{
    private BoardsSetup Boards => new(App, Owner);

    [Test]
    public async Task An_admin_pages_through_the_members_in_join_order()
    {
        var (project, maintainer) = await Boards.ProjectAsync();
        var contributor = await Boards.MemberAsync(project, maintainer, "contributor");
        var viewer = await Boards.MemberAsync(project, maintainer, "viewer");
        var admin = await CreateUserAsync("admin");

        var first = await SendAsync(new ListProjectMembersQuery(project.Id, 1, 2), admin);
        var second = await SendAsync(new ListProjectMembersQuery(project.Id, 2, 2), admin);

        Assert.That(first.Total, Is.EqualTo(3));
        Assert.That(first.Items.Select(m => (m.UserId, m.Role)), Is.EqualTo(new[] { (maintainer.UserId!.Value, "maintainer"), (contributor.UserId!.Value, "contributor") }));
        Assert.That(second.Items.Select(m => (m.UserId, m.Role)), Is.EqualTo(new[] { (viewer.UserId!.Value, "viewer") }));
        Assert.That(second.Items[0].Email, Does.EndWith("@example.com"));
    }

    [Test]
    public async Task A_plain_user_is_refused_even_as_a_maintainer()
    {
        var (project, maintainer) = await Boards.ProjectAsync();

        Assert.ThrowsAsync<ForbiddenException>(() => SendAsync(new ListProjectMembersQuery(project.Id), maintainer));
        Assert.ThrowsAsync<AuthRequiredException>(() => SendAsync(new ListProjectMembersQuery(project.Id), Caller.Anonymous));
    }

    [Test]
    public void An_unknown_project_is_not_found() =>
        Assert.ThrowsAsync<NotFoundException>(() => SendAsync(new ListProjectMembersQuery(999_999)));

    [TestCase(0, 10)]
    [TestCase(1, 0)]
    [TestCase(1, 201)]
    public async Task Out_of_range_paging_is_a_validation_error(int page, int pageSize)
    {
        var (project, _) = await Boards.ProjectAsync();

        Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new ListProjectMembersQuery(project.Id, page, pageSize)));
    }
}
