using Platform.Domain.Common;
using Platform.Domain.Identity;

namespace Platform.Application.Identity.Auth;

/// <summary>The rules a new user's credentials follow (bootstrap and admin-created users alike).</summary>
public static class Credentials
{
    public const int MinPasswordLength = 8;
    public const int MaxPasswordLength = 1024;

    public static (string Email, string Password, string Name) ValidateNewUser(string? email, string? password, string? name)
    {
        var normalizedEmail = User.NormalizeEmail(email ?? "");
        if (!normalizedEmail.Contains('@', StringComparison.Ordinal) || normalizedEmail.Length > User.MaxEmailLength)
        {
            throw new ValidationFailedException("validation: invalid email");
        }

        var trimmedPassword = ValidatePassword(password);

        var trimmedName = (name ?? "").Trim();
        if (trimmedName.Length == 0 || trimmedName.Length > User.MaxNameLength)
        {
            throw new ValidationFailedException("validation: invalid name");
        }

        return (normalizedEmail, trimmedPassword, trimmedName);
    }

    public static string ValidatePassword(string? password)
    {
        var trimmed = (password ?? "").Trim();
        if (trimmed.Length == 0)
        {
            throw new ValidationFailedException("validation: password required");
        }

        if (System.Text.Encoding.UTF8.GetByteCount(trimmed) < MinPasswordLength)
        {
            throw new ValidationFailedException("validation: password too short");
        }

        if (trimmed.Length > MaxPasswordLength)
        {
            throw new ValidationFailedException("validation: password too long");
        }

        return trimmed;
    }
}
