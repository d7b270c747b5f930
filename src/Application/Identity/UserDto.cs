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
    bool Disabled);

/// <summary>A freshly started session: the plaintext token (for the cookie) is only ever here.</summary>
public sealed record SignedInUser(UserDto User, string SessionToken, DateTimeOffset ExpiresAt);
