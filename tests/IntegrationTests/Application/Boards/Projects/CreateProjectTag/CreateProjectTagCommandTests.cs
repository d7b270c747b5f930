using Microsoft.EntityFrameworkCore;
using Platform.Application.Boards;
using Platform.Application.Boards.Projects.CreateProjectTag;
using Platform.Domain.Boards;
using Platform.Domain.Common;

namespace Platform.IntegrationTests.Application.Boards.Projects.CreateProjectTag;

public sealed class CreateProjectTagCommandTests : MediatorFixture
{
    private BoardsSetup Boards => new(App, Owner);

    [Test]
    public async Task A_maintainer_creates_a_shared_tag_with_a_canonical_name_and_colour()
    {
        var (project, maintainer) = await Boards.ProjectAsync();

        var tag = await SendAsync(new CreateProjectTagCommand($" {project.Slug.ToUpperInvariant()} ", "  Needs   Review ", " #A1b2C3 "), maintainer);

        Assert.That((tag.Name, tag.Count, tag.Color, tag.CanDelete), Is.EqualTo(("needs-review", 0, "#A1b2C3", true)));
        var stored = await InDatabaseAsync(db => db.Set<Tag>().SingleAsync(t => t.Id == tag.TagId));
        Assert.That((stored.Name, stored.ProjectId, stored.OwnerUserId, stored.Color), Is.EqualTo(("needs-review", (int?)project.Id, (int?)null, "#A1b2C3")));
    }

    [Test]
    public async Task A_blank_colour_means_none_and_a_duplicate_name_is_a_conflict()
    {
        var (project, maintainer) = await Boards.ProjectAsync();

        var tag = await SendAsync(new CreateProjectTagCommand(project.Slug, "bug", "  "), maintainer);

        Assert.That(tag.Color, Is.Null);
        Assert.That(BoardsSetup.ReasonOf(Assert.ThrowsAsync<ConflictException>(() => SendAsync(new CreateProjectTagCommand(project.Slug, " BUG ", null), maintainer))), Is.EqualTo(BoardErrors.TagExists));
        Assert.That(await InDatabaseAsync(db => db.Set<Tag>().CountAsync(t => t.ProjectId == project.Id)), Is.EqualTo(1));
    }

    [Test]
    public async Task Contributors_are_forbidden_and_non_members_do_not_see_the_project()
    {
        var (project, maintainer) = await Boards.ProjectAsync();
        var contributor = await Boards.MemberAsync(project, maintainer, "contributor");
        var stranger = await CreateUserAsync();

        Assert.That(BoardsSetup.ReasonOf(Assert.ThrowsAsync<ForbiddenException>(() => SendAsync(new CreateProjectTagCommand(project.Slug, "x", null), contributor))), Is.EqualTo(BoardErrors.MaintainerRequired));
        Assert.That(BoardsSetup.ReasonOf(Assert.ThrowsAsync<NotFoundException>(() => SendAsync(new CreateProjectTagCommand(project.Slug, "x", null), stranger))), Is.EqualTo(BoardErrors.ProjectNotFound));
        Assert.That(BoardsSetup.ReasonOf(Assert.ThrowsAsync<NotFoundException>(() => SendAsync(new CreateProjectTagCommand(project.Slug, "x", null)))), Is.EqualTo(BoardErrors.ProjectNotFound));
        Assert.ThrowsAsync<AuthRequiredException>(() => SendAsync(new CreateProjectTagCommand(project.Slug, "x", null), Caller.Anonymous));
        Assert.That(await InDatabaseAsync(db => db.Set<Tag>().CountAsync(t => t.ProjectId == project.Id)), Is.Zero);
    }

    [TestCase("", "x", null)]
    [TestCase("not a slug!", "x", null)]
    [TestCase(null, "x", null)]
    [TestCase("{slug}", "", null)]
    [TestCase("{slug}", "no_underscores", null)]
    [TestCase("{slug}", "a\0b", null)]
    [TestCase("{slug}", "x", "red")]
    [TestCase("{slug}", "x", "#12345")]
    public async Task Invalid_input_is_a_validation_error(string? slug, string? name, string? color)
    {
        var (project, maintainer) = await Boards.ProjectAsync();

        Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new CreateProjectTagCommand(slug == "{slug}" ? project.Slug : slug, name, color), maintainer));
    }

    [Test]
    public async Task A_lone_surrogate_in_the_name_is_a_validation_error()
    {
        var (project, maintainer) = await Boards.ProjectAsync();

        Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new CreateProjectTagCommand(project.Slug, "ok\ud800", null), maintainer));
    }

    [Test]
    public async Task A_name_longer_than_32_characters_is_a_validation_error()
    {
        var (project, maintainer) = await Boards.ProjectAsync();

        Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new CreateProjectTagCommand(project.Slug, new string('t', 33), null), maintainer));
    }
}
