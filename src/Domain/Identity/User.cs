using Platform.Domain.Common;

namespace Platform.Domain.Identity;

public sealed class User
{
    public const int MaxNameLength = 200;
    public const int MaxEmailLength = 320;

    private User()
    {
    }

    public int Id { get; private set; }

    /// <summary>Normalised (trimmed, lower-case) e-mail; unique.</summary>
    public string Email { get; private set; } = "";

    public string Name { get; private set; } = "";

    public string PasswordHash { get; private set; } = "";

    public SystemRole SystemRole { get; private set; }

    public bool IsBootstrap { get; private set; }

    public string? Image { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? DisabledAt { get; private set; }

    public bool IsDisabled => DisabledAt is not null;

    public static User Create(string email, string name, string passwordHash, SystemRole role, bool isBootstrap, DateTimeOffset now) =>
        new()
        {
            Email = NormalizeEmail(email),
            Name = name.Trim(),
            PasswordHash = passwordHash,
            SystemRole = role,
            IsBootstrap = isBootstrap,
            CreatedAt = now,
        };

    public static string NormalizeEmail(string email) => email.Trim().ToLowerInvariant();

    public void Rename(string name)
    {
        var trimmed = name.Trim();
        if (trimmed.Length == 0 || trimmed.Length > MaxNameLength)
        {
            throw new ValidationFailedException("validation: invalid name");
        }

        Name = trimmed;
    }

    public void ChangeRole(SystemRole role) => SystemRole = role;

    public void SetPasswordHash(string hash) => PasswordHash = hash;

    public void Disable(DateTimeOffset now) => DisabledAt ??= now;

    public void Enable() => DisabledAt = null;
}
