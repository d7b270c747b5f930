using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Platform.Application.Identity.Directory;
using Platform.Domain.Identity;

namespace Platform.Web.Security.Bearer;

/// <summary>
/// Bearer JWTs for /api/mcp, taken only from the Authorization header (never a query string or a
/// cookie). A valid token whose subject no longer exists or is disabled fails like an invalid one.
/// The principal's authentication type is the scheme name, so <see cref="HttpCurrentUser"/> limits
/// the caller to the token's scopes.
/// </summary>
internal sealed class BearerAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    AccessTokenValidator validator,
    IUserDirectory users,
    ActiveUserCache activeUsers,
    BearerChallenge challenge)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Bearer";
    private const string Prefix = "Bearer ";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var headers = Request.Headers.Authorization;
        if (headers.Count == 0)
        {
            return AuthenticateResult.NoResult();
        }

        if (headers.Count > 1)
        {
            return AuthenticateResult.Fail("more than one Authorization header");
        }

        var value = headers[0] ?? "";
        if (!value.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            // Another scheme (Basic, …) is not a bearer token: answered like a request without one.
            return AuthenticateResult.NoResult();
        }

        var token = value[Prefix.Length..].Trim();
        if (token.Length == 0)
        {
            return AuthenticateResult.Fail("empty bearer token");
        }

        var result = await validator.ValidateAsync(token, Context.RequestAborted);
        if (result.Token is not { } accessToken)
        {
            return AuthenticateResult.Fail(result.Error!);
        }

        var user = await activeUsers.FindActiveAsync(accessToken.UserId, users, Context.RequestAborted);
        if (user is null)
        {
            return AuthenticateResult.Fail("token subject is not an active user");
        }

        var claims = new List<Claim>(6)
        {
            new(PlatformClaims.UserId, accessToken.UserId.ToString(CultureInfo.InvariantCulture)),
            new(PlatformClaims.Scope, string.Join(' ', accessToken.Scopes)),
            new(PlatformClaims.SystemRole, user.SystemRole.ToWire()),
            new(ClaimTypes.Email, user.Email),
            new(ClaimTypes.Name, user.Name),
        };
        if (accessToken.ClientId is { } clientId)
        {
            claims.Add(new Claim("client_id", clientId));
        }

        var identity = new ClaimsIdentity(claims, SchemeName, ClaimTypes.Name, PlatformClaims.SystemRole);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        await challenge.WriteUnauthorizedAsync(Context, result.Failure?.Message);
    }
}
