using Platform.Application.Boards.Projects.GetProject;
using Platform.Domain.Common;

namespace Platform.IntegrationTests.Application.Boards.Projects.GetProject;

public sealed class GetProjectQueryTests : MediatorFixture
{
    private BoardsSetup Boards => new(App, Owner);

    [Test]
    public async Task An_admin_who_is_not_a_member_sees_the_project_with_its_counts()
    {
        var (project, maintainer) = await Boards.ProjectAsync();
        await Boards.MemberAsync(project, maintainer, "viewer");
        await Boards.MemberAsync(project, maintainer, "maintainer");
        await Boards.TodoAsync(project, maintainer);
        var admin = await CreateUserAsync("admin");

        var dto = await SendAsync(new GetProjectQuery(project.Id), admin);

        Assert.That((dto.Id, dto.Slug, dto.Name, dto.CreatorUserId), Is.EqualTo((project.Id, project.Slug, project.Name, maintainer.UserId)));
        Assert.That((dto.MemberCount, dto.MaintainerCount, dto.TodoCount), Is.EqualTo((3, 2, 1)));
    }

    [Test]
    public async Task The_system_owner_may_read_it_too()
    {
        var (project, _) = await Boards.ProjectAsync();

        Assert.That((await SendAsync(new GetProjectQuery(project.Id))).Slug, Is.EqualTo(project.Slug));
    }

    [Test]
    public async Task A_plain_user_is_refused_even_as_its_maintainer()
    {
        var (project, maintainer) = await Boards.ProjectAsync();

        Assert.ThrowsAsync<ForbiddenException>(() => SendAsync(new GetProjectQuery(project.Id), maintainer));
    }

    [Test]
    public void Nobody_signed_in_is_refused() =>
        Assert.ThrowsAsync<AuthRequiredException>(() => SendAsync(new GetProjectQuery(1), Caller.Anonymous));

    [Test]
    public void An_unknown_project_is_not_found() =>
        Assert.ThrowsAsync<NotFoundException>(() => SendAsync(new GetProjectQuery(999_999)));
}
