using System.Text;

namespace Platform.Domain.Boards;

/// <summary>
/// A board: a slug-addressed project with its own workflow, todos, sprints, tags and members.
/// Projects created here are durable (<see cref="ExpiresAt"/> is always null).
/// </summary>
public sealed class Project
{
    public const int MaxNameBytes = 200;
    public const string DefaultImage = "/scrumboy.png";
    public const string DefaultDominantColor = "#888888";
    public const int DefaultSprintWeeksValue = 2;

    private Project()
    {
    }

    public int Id { get; private set; }

    public string Slug { get; private set; } = "";

    public string Name { get; private set; } = "";

    public string? Image { get; private set; }

    public string DominantColor { get; private set; } = DefaultDominantColor;

    public int DefaultSprintWeeks { get; private set; } = DefaultSprintWeeksValue;

    /// <summary>Set only for temporary boards, which Platform does not create.</summary>
    public DateTimeOffset? ExpiresAt { get; private set; }

    public int? CreatorUserId { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public static Project Create(string name, string slug, int creatorUserId, DateTimeOffset now)
    {
        if (!ProjectSlug.IsValid(slug))
        {
            throw BoardRuleErrors.SlugInvalid();
        }

        return new Project
        {
            Name = ValidName(name),
            Slug = slug,
            Image = DefaultImage,
            DominantColor = DefaultDominantColor,
            DefaultSprintWeeks = DefaultSprintWeeksValue,
            CreatorUserId = creatorUserId,
            CreatedAt = now,
            UpdatedAt = now,
        };
    }

    /// <summary>A project name: trimmed, 1..200 UTF-8 bytes.</summary>
    public static string ValidName(string? name)
    {
        var trimmed = (name ?? "").Trim();
        if (trimmed.Length == 0 || Encoding.UTF8.GetByteCount(trimmed) > MaxNameBytes)
        {
            throw BoardRuleErrors.ProjectNameInvalid();
        }

        return trimmed;
    }

    /// <summary>Todo writes bump the project so <c>projects.list</c> shows recently worked-on boards first.</summary>
    public void Touch(DateTimeOffset now)
    {
        if (now > UpdatedAt)
        {
            UpdatedAt = now;
        }
    }
}

/// <summary>Project slugs: 1–32 of <c>[a-z0-9-]</c>, no leading/trailing or doubled <c>-</c>.</summary>
public static class ProjectSlug
{
    public const int MaxLength = 32;
    public const int MaxCollisionAttempts = 100;

    public static bool IsValid(string? slug)
    {
        if (string.IsNullOrEmpty(slug) || slug.Length > MaxLength || slug[0] == '-' || slug[^1] == '-')
        {
            return false;
        }

        for (var i = 0; i < slug.Length; i++)
        {
            var c = slug[i];
            var ok = c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-';
            if (!ok || (c == '-' && slug[i - 1] == '-'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The lookup form of a caller's slug (trimmed, lower-case), or null when it cannot be a slug.</summary>
    public static string? Normalize(string? input)
    {
        var candidate = (input ?? "").Trim().ToLowerInvariant();
        return IsValid(candidate) ? candidate : null;
    }

    /// <summary>
    /// The base slug of a new project's name: lower-case ASCII letters and digits kept, spaces,
    /// underscores and other ASCII punctuation become <c>-</c>, non-ASCII letters and digits are
    /// dropped, dashes collapsed and trimmed, at most 32 characters.
    /// </summary>
    public static string FromName(string name)
    {
        var builder = new StringBuilder(name.Length);
        foreach (var c in name.Trim().ToLowerInvariant())
        {
            if (c is (>= 'a' and <= 'z') or (>= '0' and <= '9'))
            {
                builder.Append(c);
            }
            else if (c > 127 && char.IsLetterOrDigit(c))
            {
                // non-ASCII letters and digits are dropped ("Café" → "caf")
            }
            else
            {
                builder.Append('-');
            }
        }

        var slug = Collapse(builder.ToString()).Trim('-');
        if (slug.Length > MaxLength)
        {
            slug = slug[..MaxLength].TrimEnd('-');
        }

        if (slug.Length == 0)
        {
            throw BoardRuleErrors.SlugCannotBeDerived();
        }

        return slug;
    }

    /// <summary>The <paramref name="attempt"/>-th candidate: the base itself, then <c>base-2</c>, <c>base-3</c>, … (≤ 32 chars).</summary>
    public static string Candidate(string baseSlug, int attempt)
    {
        if (attempt <= 1)
        {
            return baseSlug;
        }

        var suffix = "-" + attempt.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var room = MaxLength - suffix.Length;
        var head = baseSlug.Length > room ? baseSlug[..room].TrimEnd('-') : baseSlug;
        return head + suffix;
    }

    private static string Collapse(string value)
    {
        var builder = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            if (c == '-' && builder.Length > 0 && builder[^1] == '-')
            {
                continue;
            }

            builder.Append(c);
        }

        return builder.ToString();
    }
}
