using System.Linq.Expressions;
using Platform.Domain.Identity;

namespace Platform.Application.Identity;

public sealed record UserDto(
    int Id,
    string Email,
    string Name,
    string? Image,
    bool IsBootstrap,
    SystemRole SystemRole,
    DateTimeOffset CreatedAt,
    bool Disabled)
{
    public static readonly Expression<Func<User, UserDto>> Projection = u =>
        new UserDto(u.Id, u.Email, u.Name, u.Image, u.IsBootstrap, u.SystemRole, u.CreatedAt, u.DisabledAt != null);

    public static UserDto From(User u) => new(u.Id, u.Email, u.Name, u.Image, u.IsBootstrap, u.SystemRole, u.CreatedAt, u.IsDisabled);
}

/// <summary>A freshly started session: the plaintext token (for the cookie) is only ever here.</summary>
public sealed record SignedInUser(UserDto User, string SessionToken, DateTimeOffset ExpiresAt);
