using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Platform.Application.Identity.Directory;
using Platform.Domain.Identity;

namespace Platform.Web.Security.Bearer;

/// <summary>
/// The <c>Bearer</c> scheme's events: where the token comes from (one <c>Authorization: Bearer</c>
/// header, never a query string or a cookie), the active-user check and the principal, and the
/// contract's 401. The token itself is checked by <see cref="AccessTokenHandler"/>.
/// </summary>
public sealed class BearerEvents(ActiveUserCache activeUsers, RevokedTokens revoked, BearerChallenge challenge) : JwtBearerEvents
{
    private const string Prefix = "Bearer ";

    public override Task MessageReceived(MessageReceivedContext context)
    {
        var headers = context.Request.Headers.Authorization;
        if (headers.Count == 0)
        {
            context.NoResult();
            return Task.CompletedTask;
        }

        if (headers.Count > 1)
        {
            context.Fail("more than one Authorization header");
            return Task.CompletedTask;
        }

        var value = headers[0] ?? "";
        if (!value.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            // Another scheme (Basic, …) is not a bearer token: answered like a request without one.
            context.NoResult();
            return Task.CompletedTask;
        }

        var token = value[Prefix.Length..].Trim();
        if (token.Length == 0)
        {
            context.Fail("empty bearer token");
            return Task.CompletedTask;
        }

        context.Token = token;
        return Task.CompletedTask;
    }

    /// <summary>
    /// A valid token whose subject no longer exists or is disabled fails like an invalid one. The
    /// principal's authentication type is the scheme name, so <see cref="HttpCurrentUser"/> limits the
    /// caller to the token's scopes.
    /// </summary>
    public override async Task TokenValidated(TokenValidatedContext context)
    {
        var token = context.Principal?.Identity as ClaimsIdentity;
        var userId = token?.FindFirst(PlatformClaims.UserId) is { } id ? int.Parse(id.Value, CultureInfo.InvariantCulture) : 0;
        var users = context.HttpContext.RequestServices.GetRequiredService<IUserDirectory>();
        var user = userId > 0 ? await activeUsers.FindActiveAsync(userId, users, context.HttpContext.RequestAborted) : null;
        if (token is null || user is null)
        {
            context.Fail("token subject is not an active user");
            return;
        }

        // A token without iat cannot prove it came after a revocation: treated as issued at the start of time.
        var issuedAt = context.SecurityToken is Microsoft.IdentityModel.JsonWebTokens.JsonWebToken { IssuedAt: var iat } && iat != DateTime.MinValue
            ? new DateTimeOffset(DateTime.SpecifyKind(iat, DateTimeKind.Utc))
            : DateTimeOffset.MinValue;
        if (revoked.IsRevoked(userId, token.FindFirst("client_id")?.Value, issuedAt))
        {
            context.Fail("token revoked");
            return;
        }

        var claims = new List<Claim>(6)
        {
            new(PlatformClaims.UserId, userId.ToString(CultureInfo.InvariantCulture)),
            new(PlatformClaims.Scope, token.FindFirst(PlatformClaims.Scope)?.Value ?? ""),
            new(PlatformClaims.SystemRole, user.SystemRole.ToWire()),
            new(ClaimTypes.Email, user.Email),
            new(ClaimTypes.Name, user.Name),
        };
        if (token.FindFirst("client_id") is { } clientId)
        {
            claims.Add(new Claim("client_id", clientId.Value));
        }

        var identity = new ClaimsIdentity(claims, JwtBearerDefaults.AuthenticationScheme, ClaimTypes.Name, PlatformClaims.SystemRole);
        context.Principal = new ClaimsPrincipal(identity);
    }

    /// <summary>The contract's 401 (scope, resource_metadata, JSON-RPC body) instead of JwtBearer's default.</summary>
    public override async Task Challenge(JwtBearerChallengeContext context)
    {
        context.HandleResponse();
        var error = context.AuthenticateFailure is { } failure ? AccessTokenHandler.Describe(failure) : null;
        var resource = context.HttpContext.RequestServices.GetKeyedService<BearerChallenge>(context.Scheme.Name) ?? challenge;
        await resource.WriteUnauthorizedAsync(context.HttpContext, error);
    }
}
