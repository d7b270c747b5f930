using System.Text;
using Platform.Domain.Common;

namespace Platform.Domain.Organizations;

/// <summary>A tenant of the task tools: users see only the organizations they are members of.</summary>
public sealed class Organization
{
    public const int MaxNameLength = 200;
    public const int MaxSlugLength = 100;

    private Organization()
    {
    }

    public int Id { get; private set; }

    public string Name { get; private set; } = "";

    /// <summary>Lower-case, URL-safe, unique across organizations.</summary>
    public string Slug { get; private set; } = "";

    public string? Logo { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>
    /// Creates an organization. Without a slug, one is derived from the name ("Acme Corp" → "acme-corp").
    /// </summary>
    public static Organization Create(string name, string? slug, DateTimeOffset now)
    {
        var trimmed = (name ?? "").Trim();
        if (trimmed.Length == 0 || trimmed.Length > MaxNameLength)
        {
            throw ValidationFailedException.ForField($"name must be 1 to {MaxNameLength} characters", "name");
        }

        string finalSlug;
        if (string.IsNullOrWhiteSpace(slug))
        {
            finalSlug = Slugify(trimmed);
            if (finalSlug.Length == 0)
            {
                throw ValidationFailedException.ForField("slug cannot be derived from name; pass a slug", "slug");
            }
        }
        else
        {
            finalSlug = slug.Trim();
            if (!IsValidSlug(finalSlug))
            {
                throw ValidationFailedException.ForField(
                    $"slug must be 1 to {MaxSlugLength} lower-case letters, digits or single dashes between them", "slug");
            }
        }

        return new Organization { Name = trimmed, Slug = finalSlug, CreatedAt = now };
    }

    /// <summary>Gives the organization a new name (1 to 200 characters after trimming).</summary>
    public void Rename(string name)
    {
        var trimmed = (name ?? "").Trim();
        if (trimmed.Length == 0 || trimmed.Length > MaxNameLength)
        {
            throw ValidationFailedException.ForField($"name must be 1 to {MaxNameLength} characters", "name");
        }

        Name = trimmed;
    }

    /// <summary>Changes the slug (uniqueness is the caller's to check: it spans organizations).</summary>
    public void ChangeSlug(string slug)
    {
        var trimmed = (slug ?? "").Trim();
        if (!IsValidSlug(trimmed))
        {
            throw ValidationFailedException.ForField(
                $"slug must be 1 to {MaxSlugLength} lower-case letters, digits or single dashes between them", "slug");
        }

        Slug = trimmed;
    }

    public static bool IsValidSlug(string slug)
    {
        if (slug.Length == 0 || slug.Length > MaxSlugLength || slug[0] == '-' || slug[^1] == '-')
        {
            return false;
        }

        for (var i = 0; i < slug.Length; i++)
        {
            var c = slug[i];
            if (c == '-')
            {
                if (slug[i - 1] == '-')
                {
                    return false;
                }
            }
            else if (!char.IsAsciiLetterLower(c) && !char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>ASCII letters and digits kept (lower-cased), every other run becomes one dash.</summary>
    public static string Slugify(string name)
    {
        var builder = new StringBuilder(Math.Min(name.Length, MaxSlugLength));
        var pendingDash = false;
        foreach (var c in name)
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                if (pendingDash && builder.Length > 0)
                {
                    builder.Append('-');
                }

                pendingDash = false;
                builder.Append(char.ToLowerInvariant(c));
            }
            else
            {
                pendingDash = true;
            }

            if (builder.Length >= MaxSlugLength)
            {
                break;
            }
        }

        return builder.ToString(0, Math.Min(builder.Length, MaxSlugLength)).TrimEnd('-');
    }
}
