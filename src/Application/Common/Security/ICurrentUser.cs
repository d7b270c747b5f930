using Platform.Domain.Identity;

namespace Platform.Application.Common.Security;

/// <summary>Who is calling, as seen by the application layer (filled by the transport).</summary>
public interface ICurrentUser
{
    int? UserId { get; }

    SystemRole? SystemRole { get; }

    /// <summary>
    /// OAuth scopes of a bearer token, or null when the caller is signed in with a session cookie
    /// (a session carries the user's full rights).
    /// </summary>
    IReadOnlySet<string>? Scopes { get; }

    bool IsAuthenticated => UserId is not null;

    int RequireUserId() => UserId ?? throw new Domain.Common.AuthRequiredException();

    bool HasScope(string scope) => Scopes is null || Scopes.Contains(scope);
}
