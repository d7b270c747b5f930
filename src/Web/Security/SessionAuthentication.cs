using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Platform.Application.Common.Interfaces;
using Platform.Application.Identity.Sessions;
using Platform.Domain.Identity;

namespace Platform.Web.Security;

public static class PlatformClaims
{
    public const string UserId = "sub";
    public const string SystemRole = "system_role";
    public const string Scope = "scope";
    public const string SessionId = "sid";

    /// <summary>The id of the personal API token that authenticated the request (scheme <c>ApiToken</c>).</summary>
    public const string ApiTokenId = "api_token_id";
}

/// <summary>
/// Resolves the <c>scrumboy_session</c> cookie against the hashed sessions table. A missing,
/// unknown or expired cookie is simply "not signed in" (never an error); anonymous mode ignores it.
/// </summary>
internal sealed class SessionAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    SessionService sessions,
    IServerSettings settings)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Session";
    public const string CookieName = "scrumboy_session";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (settings.Mode == ServerMode.Anonymous || !Request.Cookies.TryGetValue(CookieName, out var token) || string.IsNullOrWhiteSpace(token))
        {
            return AuthenticateResult.NoResult();
        }

        var principal = await sessions.ResolveAsync(token, Context.RequestAborted);
        if (principal is null)
        {
            return AuthenticateResult.NoResult();
        }

        var identity = new ClaimsIdentity(
            [
                new Claim(PlatformClaims.UserId, principal.UserId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                new Claim(PlatformClaims.SystemRole, principal.SystemRole.ToWire()),
                new Claim(PlatformClaims.SessionId, principal.SessionId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                new Claim(ClaimTypes.Email, principal.Email),
                new Claim(ClaimTypes.Name, principal.Name),
            ],
            SchemeName,
            ClaimTypes.Name,
            PlatformClaims.SystemRole);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }
}
