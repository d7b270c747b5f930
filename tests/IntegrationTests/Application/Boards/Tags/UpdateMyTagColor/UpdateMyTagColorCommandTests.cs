using Microsoft.EntityFrameworkCore;
using Platform.Application.Boards;
using Platform.Application.Boards.Tags.ListMyTags;
using Platform.Application.Boards.Tags.UpdateMyTagColor;
using Platform.Domain.Boards;
using Platform.Domain.Common;

namespace Platform.IntegrationTests.Application.Boards.Tags.UpdateMyTagColor;

public sealed class UpdateMyTagColorCommandTests : MediatorFixture
{
    private BoardsSetup Boards => new(App, Owner);

    private async Task<(Caller Maintainer, int TagId)> OwnTagAsync()
    {
        var (project, maintainer) = await Boards.ProjectAsync();
        await Boards.TodoAsync(project, maintainer, tags: ["paint"]);
        return (maintainer, (await SendAsync(new ListMyTagsQuery(), maintainer)).Single().TagId);
    }

    private Task<string?> PreferenceAsync(int? userId, int tagId) =>
        InDatabaseAsync(db => db.Set<TagColorPreference>().Where(p => p.UserId == userId && p.TagId == tagId).Select(p => p.Color).SingleOrDefaultAsync());

    [Test]
    public async Task Sets_then_clears_the_callers_colour()
    {
        var (maintainer, tagId) = await OwnTagAsync();

        var set = await SendAsync(new UpdateMyTagColorCommand(tagId, " #ABCDEF "), maintainer);
        Assert.That((set.TagId, set.Name, set.Color, set.CanDelete), Is.EqualTo((tagId, "paint", "#ABCDEF", true)));
        Assert.That(await PreferenceAsync(maintainer.UserId, tagId), Is.EqualTo("#ABCDEF"));

        await SendAsync(new UpdateMyTagColorCommand(tagId, "#000001"), maintainer);
        Assert.That(await PreferenceAsync(maintainer.UserId, tagId), Is.EqualTo("#000001"));

        var cleared = await SendAsync(new UpdateMyTagColorCommand(tagId, null), maintainer);
        Assert.That(cleared.Color, Is.Null);
        Assert.That(await PreferenceAsync(maintainer.UserId, tagId), Is.Null);
    }

    [Test]
    public async Task Another_users_tag_is_not_found()
    {
        var (maintainer, tagId) = await OwnTagAsync();
        var other = await CreateUserAsync();

        Assert.That(BoardsSetup.ReasonOf(Assert.ThrowsAsync<NotFoundException>(() => SendAsync(new UpdateMyTagColorCommand(tagId, "#111111"), other))), Is.EqualTo(BoardErrors.TagNotFound));
        Assert.ThrowsAsync<AuthRequiredException>(() => SendAsync(new UpdateMyTagColorCommand(tagId, "#111111"), Caller.Anonymous));
        Assert.That(await PreferenceAsync(other.UserId, tagId), Is.Null);
    }

    [TestCase(1, "")]
    [TestCase(1, "   ")]
    [TestCase(0, "#111111")]
    [TestCase(null, "#111111")]
    [TestCase(1, "#11111\0")]
    public void Invalid_input_is_a_validation_error(int? tagId, string color) =>
        Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new UpdateMyTagColorCommand(tagId, color)));

    [TestCase("red")]
    [TestCase("#12345G")]
    [TestCase("#1234567")]
    public async Task A_colour_that_is_not_RRGGBB_is_a_validation_error(string color)
    {
        var (maintainer, tagId) = await OwnTagAsync();

        Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new UpdateMyTagColorCommand(tagId, color), maintainer));
        Assert.That(await PreferenceAsync(maintainer.UserId, tagId), Is.Null);
    }
}
