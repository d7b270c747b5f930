using System.Globalization;
using System.Security.Claims;
using Platform.Application.Common.Security;
using Platform.Domain.Identity;

namespace Platform.Web.Security;

/// <summary>
/// The application's view of <c>HttpContext.User</c> (session cookie, personal API token or OAuth
/// bearer token). A session and an API token carry the user's full rights (no scopes); an OAuth
/// token only its scopes.
/// </summary>
internal sealed class HttpCurrentUser(IHttpContextAccessor accessor) : ICurrentUser
{
    private Resolved? _resolved;

    public int? UserId => Resolve().UserId;

    public SystemRole? SystemRole => Resolve().Role;

    public IReadOnlySet<string>? Scopes => Resolve().Scopes;

    private Resolved Resolve()
    {
        var user = accessor.HttpContext?.User;
        if (_resolved is { } cached && ReferenceEquals(cached.Principal, user))
        {
            return cached;
        }

        _resolved = From(user);
        return _resolved;
    }

    private static Resolved From(ClaimsPrincipal? user)
    {
        if (user?.Identity is not { IsAuthenticated: true } identity
            || !int.TryParse(user.FindFirst(PlatformClaims.UserId)?.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            return new Resolved(user, null, null, null);
        }

        SystemRole? role = user.FindFirst(PlatformClaims.SystemRole)?.Value is { } r ? SystemRoleNames.FromWire(r) : null;
        IReadOnlySet<string>? scopes = identity.AuthenticationType is SessionAuthenticationHandler.SchemeName or ApiTokens.ApiTokenAuthenticationHandler.SchemeName
            ? null
            : (user.FindFirst(PlatformClaims.Scope)?.Value ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
        return new Resolved(user, id, role, scopes);
    }

    private sealed record Resolved(ClaimsPrincipal? Principal, int? UserId, SystemRole? Role, IReadOnlySet<string>? Scopes);
}
