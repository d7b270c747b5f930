using Platform.Application.Boards.Projects.ListAllProjects;
using Platform.Domain.Boards;
using Platform.Domain.Common;

namespace Platform.IntegrationTests.Application.Boards.Projects.ListAllProjects;

public sealed class ListAllProjectsQueryTests : MediatorFixture
{
    private BoardsSetup Boards => new(App, Owner);

    [Test]
    public async Task An_admin_lists_every_project_oldest_first_with_counts()
    {
        var (first, maintainer) = await Boards.ProjectAsync();
        var (second, _) = await Boards.ProjectAsync();
        await Boards.TodoAsync(first, maintainer);
        var admin = await CreateUserAsync("admin");

        var page = await SendAsync(new ListAllProjectsQuery(PageSize: 200), admin);

        var ids = page.Items.Select(p => p.Id).ToList();
        Assert.That(ids, Is.Ordered);
        Assert.That(ids, Does.Contain(first.Id).And.Contain(second.Id));
        Assert.That(page.Total, Is.EqualTo(page.Items.Count));
        var row = page.Items.Single(p => p.Id == first.Id);
        Assert.That((row.Slug, row.MemberCount, row.MaintainerCount, row.TodoCount), Is.EqualTo((first.Slug, 1, 1, 1)));
    }

    [Test]
    public async Task Search_matches_part_of_the_name_case_insensitively_and_pages()
    {
        var marker = BoardsSetup.Next("zebra");
        var user = await CreateUserAsync();
        for (var i = 0; i < 3; i++)
        {
            await SendAsync(new Platform.Application.Boards.Projects.CreateProject.CreateProjectCommand($"The {marker.ToUpperInvariant()} board {i}"), user);
        }

        var page = await SendAsync(new ListAllProjectsQuery($"  {marker} ", Page: 2, PageSize: 2));

        Assert.That(page.Total, Is.EqualTo(3));
        Assert.That((page.PageNumber, page.PageSize), Is.EqualTo((2, 2)));
        Assert.That(page.Items.Select(p => p.Name), Is.EqualTo(new[] { $"The {marker.ToUpperInvariant()} board 2" }));
    }

    [Test]
    public async Task Like_wildcards_in_the_search_match_only_themselves()
    {
        var user = await CreateUserAsync();
        var project = await SendAsync(new Platform.Application.Boards.Projects.CreateProject.CreateProjectCommand(Unique("Half 50% off")), user);

        var percent = await SendAsync(new ListAllProjectsQuery("%", PageSize: 200));
        var underscore = await SendAsync(new ListAllProjectsQuery("_", PageSize: 200));

        Assert.That(percent.Items.Select(p => p.Id), Is.EqualTo(new[] { project.Id }));
        Assert.That(underscore.Items, Is.Empty);
    }

    [Test]
    public async Task A_plain_user_is_refused()
    {
        var user = await CreateUserAsync();

        Assert.ThrowsAsync<ForbiddenException>(() => SendAsync(new ListAllProjectsQuery(), user));
        Assert.ThrowsAsync<AuthRequiredException>(() => SendAsync(new ListAllProjectsQuery(), Caller.Anonymous));
    }

    [TestCase(0, 50)]
    [TestCase(1, 0)]
    [TestCase(1, 201)]
    public void Out_of_range_paging_is_a_validation_error(int page, int pageSize) =>
        Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new ListAllProjectsQuery(Page: page, PageSize: pageSize)));

    [Test]
    public void An_oversize_or_invalid_search_is_a_validation_error()
    {
        Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new ListAllProjectsQuery(new string('s', Project.MaxNameBytes + 1))));
        Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new ListAllProjectsQuery("a\0b")));
        Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new ListAllProjectsQuery("\ud800")));
    }
}
