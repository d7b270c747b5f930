using System.Text;

namespace Platform.Domain.Boards;

/// <summary>
/// A tag is either user-owned (<see cref="OwnerUserId"/> set: the owner's "mine" library, created on
/// first use, coloured per viewer through <see cref="TagColorPreference"/>) or project-scoped
/// (no owner, one project, one shared <see cref="Color"/>).
/// </summary>
public sealed class Tag
{
    private Tag()
    {
    }

    public int Id { get; private set; }

    public string Name { get; private set; } = "";

    public int? OwnerUserId { get; private set; }

    public int? ProjectId { get; private set; }

    /// <summary>The shared colour of a project-scoped tag (user-owned tags keep colours per viewer).</summary>
    public string? Color { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public bool IsProjectScoped => OwnerUserId is null;

    public static Tag CreateForProject(int projectId, string name, string? color, DateTimeOffset now) =>
        new()
        {
            ProjectId = projectId,
            Name = TagNames.Canonicalize(name) ?? throw BoardRuleErrors.TagInvalid(name),
            Color = color is null ? null : TagColors.Valid(color),
            CreatedAt = now,
        };

    public void SetSharedColor(string? color) => Color = color is null ? null : TagColors.Valid(color);
}

/// <summary>
/// A viewer's own colour for a tag. Written only by one upsert/delete statement
/// (IBoardsDbContext.SetTagColorPreferenceAsync) so concurrent calls cannot collide; read through EF.
/// </summary>
public sealed class TagColorPreference
{
    private TagColorPreference()
    {
    }

    public int UserId { get; private set; }

    public int TagId { get; private set; }

    public string Color { get; private set; } = "";
}

/// <summary>A todo carries a tag.</summary>
public sealed class TodoTag
{
    private TodoTag()
    {
    }

    public long TodoId { get; private set; }

    public int TagId { get; private set; }

    public static TodoTag Link(long todoId, int tagId) => new() { TodoId = todoId, TagId = tagId };
}

public static class TagNames
{
    public const int MaxLength = 32;

    /// <summary>
    /// Trim, lower-case, whitespace runs ⇒ <c>-</c>, dashes collapsed and trimmed; the result must
    /// match <c>^[a-z0-9][a-z0-9-]{0,31}$</c>. Null when the name cannot be a tag.
    /// </summary>
    public static string? Canonicalize(string? raw)
    {
        var text = (raw ?? "").Trim().ToLowerInvariant();
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            var next = char.IsWhiteSpace(c) ? '-' : c;
            if (next == '-' && builder.Length > 0 && builder[^1] == '-')
            {
                continue;
            }

            builder.Append(next);
        }

        var name = builder.ToString().Trim('-');
        if (name.Length is 0 or > MaxLength)
        {
            return null;
        }

        foreach (var c in name)
        {
            if (c is not ((>= 'a' and <= 'z') or (>= '0' and <= '9') or '-'))
            {
                return null;
            }
        }

        return name;
    }
}

public static class TagColors
{
    /// <summary>A tag colour is <c>#RRGGBB</c> after trimming; the trimmed value is kept.</summary>
    public static string Valid(string color)
    {
        var trimmed = color.Trim();
        return HexColor.IsValid(trimmed) ? trimmed : throw BoardRuleErrors.TagColorInvalid(trimmed);
    }
}
