using System.Text.Json;
using Platform.Application.Boards;
using Platform.Application.Boards.Common;
using Platform.Application.Boards.Todos.UpdateTodo;
using Platform.Application.Common;
using Platform.Domain.Common;

namespace Platform.UnitTests.Boards;

public sealed class BoardCursorTests
{
    [Test]
    public void Cursors_are_unpadded_base64url_of_rank_colon_id()
    {
        Assert.That(BoardCursor.Encode(2000, 2), Is.EqualTo("MjAwMDoy"));
        Assert.That(BoardCursor.TryDecode("MjAwMDoy", out var rank, out var id), Is.True);
        Assert.That((rank, id), Is.EqualTo((2000L, 2L)));
        var encoded = BoardCursor.Encode(123456789, 987654321);
        Assert.That(encoded, Does.Not.Contain("=").And.Not.Contain("+").And.Not.Contain("/"));
        Assert.That(BoardCursor.TryDecode(encoded, out rank, out id) && rank == 123456789 && id == 987654321, Is.True);
    }

    [TestCase("MTAwMDoxMg==")]
    [TestCase("MDow")]
    [TestCase("!!!")]
    [TestCase("YWJj")]
    [TestCase("MTAwMA")]
    [TestCase("MTAwMDp4")]
    [TestCase("a")]
    [TestCase("")]
    [TestCase("MjAw MDoy")]
    public void Malformed_cursors_are_refused(string cursor) => Assert.That(BoardCursor.TryDecode(cursor, out _, out _), Is.False);
}

/// <summary>Scrumboy's todos_tools_test: how a patch's sprintId is read.</summary>
public sealed class TodoPatchTests
{
    private static TodoPatch Parse(string json) => TodoPatch.Parse(JsonDocument.Parse(json).RootElement);

    [Test]
    public void A_number_sets_the_sprint()
    {
        var patch = Parse("{\"sprintId\":42}");
        Assert.That(patch.SprintId, Is.EqualTo(Optional<int?>.Of(42)));
    }

    [Test]
    public void Null_clears_the_sprint()
    {
        var patch = Parse("{\"sprintId\":null}");
        Assert.That(patch.SprintId, Is.EqualTo(Optional<int?>.Of(null)));
    }

    [Test]
    public void A_string_is_a_validation_error()
    {
        var error = Assert.Throws<ValidationFailedException>(() => Parse("{\"sprintId\":\"not-a-number\"}"))!;
        Assert.That(error.Code, Is.EqualTo("VALIDATION_ERROR"));
        Assert.That(error.Details[BoardErrors.ReasonKey], Is.EqualTo(BoardErrors.InvalidField));
        Assert.That(error.Details["field"], Is.EqualTo("sprintId"));
    }

    [Test]
    public void Omitted_fields_are_not_changes_and_unknown_fields_are_refused()
    {
        Assert.That(Parse("{}").IsEmpty, Is.True);
        Assert.That(Parse("{\"body\":\"x\"}").Title.HasValue, Is.False);
        Assert.That(Assert.Throws<ValidationFailedException>(() => Parse("{\"columnKey\":\"doing\"}"))!.Details["field"], Is.EqualTo("columnKey"));
        Assert.That(Assert.Throws<ValidationFailedException>(() => Parse("{\"title\":null}"))!.Details[BoardErrors.ReasonKey], Is.EqualTo(BoardErrors.FieldNotNullable));
        Assert.That(Assert.Throws<ValidationFailedException>(() => Parse("[]"))!.Details[BoardErrors.ReasonKey], Is.EqualTo(BoardErrors.PatchNotObject));
        Assert.That(Parse("{\"estimationPoints\":3.0}").EstimationPoints, Is.EqualTo(Optional<int?>.Of(3)));
        Assert.Throws<ValidationFailedException>(() => Parse("{\"estimationPoints\":3.5}"));
    }
}

public sealed class Rfc3339Tests
{
    [TestCase("2026-04-01T00:00:00Z", 1775001600000)]
    [TestCase("2026-04-01T02:00:00+02:00", 1775001600000)]
    [TestCase("2026-04-01T00:00:00.5Z", 1775001600500)]
    [TestCase("2026-04-01T00:00:00.123456789Z", 1775001600123)]
    public void Rfc3339_times_with_an_offset_are_read_to_the_millisecond(string text, long ms)
    {
        Assert.That(Rfc3339.TryParse(text, out var value, out _), Is.True);
        Assert.That(value.ToUnixTimeMilliseconds(), Is.EqualTo(ms));
    }

    [TestCase("not-a-time")]
    [TestCase("2026-04-01")]
    [TestCase("2026-04-01T00:00:00")]
    [TestCase("2026-04-01 00:00:00Z")]
    [TestCase("2026-13-01T00:00:00Z")]
    public void Other_texts_are_refused_with_a_detail(string text)
    {
        Assert.That(Rfc3339.TryParse(text, out _, out var error), Is.False);
        Assert.That(error, Is.Not.Empty);
    }
}
