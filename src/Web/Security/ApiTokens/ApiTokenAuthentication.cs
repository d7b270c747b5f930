using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Platform.Application.Common.Interfaces;
using Platform.Application.Identity.ApiTokens;
using Platform.Domain.Identity;
using Platform.Web.Security.Bearer;

namespace Platform.Web.Security.ApiTokens;

/// <summary>
/// The <c>ApiToken</c> authentication scheme: a personal API token (<c>sb_…</c>) in
/// <c>Authorization: Bearer</c> (envelope-dialect.md §4.2). Endpoints that accept API tokens (the
/// cookie envelope on <c>/mcp</c>, and the JSON-RPC binding planned for <c>/mcp/rpc</c>) call
/// <c>AuthenticateAsync(SchemeName)</c> when the request is a bearer attempt
/// (<see cref="BearerCredential.IsAttempt"/>) and never fall back to the session cookie when it
/// fails. The result is <c>NoResult</c> for a request that is no bearer attempt, or in anonymous
/// mode; <c>Fail</c> for an empty, malformed, unknown or revoked token, or a disabled user; an
/// exception (a database failure) propagates. The principal carries the user's full rights, like a
/// session (<see cref="HttpCurrentUser"/>: no OAuth scopes).
/// </summary>
internal sealed class ApiTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiTokenResolver tokens,
    IServerSettings settings)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiToken";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (settings.Mode == ServerMode.Anonymous || !BearerCredential.TryRead(Request.Headers.Authorization.FirstOrDefault(), out var credential))
        {
            return AuthenticateResult.NoResult();
        }

        if (credential.Length == 0)
        {
            return AuthenticateResult.Fail("empty bearer token");
        }

        if (!ApiTokenSecrets.IsWellFormed(credential))
        {
            return AuthenticateResult.Fail("not an API token");
        }

        var resolved = await tokens.ResolveAsync(credential, Context.RequestServices, Context.RequestAborted);
        if (resolved is null)
        {
            return AuthenticateResult.Fail("unknown or revoked API token");
        }

        var user = resolved.User;
        var identity = new ClaimsIdentity(
            [
                new Claim(PlatformClaims.UserId, user.Id.ToString(CultureInfo.InvariantCulture)),
                new Claim(PlatformClaims.SystemRole, user.SystemRole.ToWire()),
                new Claim(PlatformClaims.ApiTokenId, resolved.TokenId.ToString(CultureInfo.InvariantCulture)),
                new Claim(ClaimTypes.Email, user.Email),
                new Claim(ClaimTypes.Name, user.Name),
            ],
            SchemeName,
            ClaimTypes.Name,
            PlatformClaims.SystemRole);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        return Task.CompletedTask;
    }
}

/// <summary>
/// Reading <c>Authorization</c> the way envelope-dialect.md §4.2 does: the value (trimmed) is a bearer
/// attempt when it is exactly <c>Bearer</c> (empty credential) or its text before the first space is,
/// case-insensitively (credential = the rest, trimmed). <c>Bearerxyz</c> and <c>Basic …</c> are not.
/// </summary>
public static class BearerCredential
{
    public static bool IsAttempt(string? authorization) => TryRead(authorization, out _);

    public static bool TryRead(string? authorization, out string credential)
    {
        credential = "";
        var value = (authorization ?? "").Trim();
        if (value.Length == 0)
        {
            return false;
        }

        var space = value.IndexOf(' ', StringComparison.Ordinal);
        var scheme = space < 0 ? value : value[..space];
        if (!string.Equals(scheme, "Bearer", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        credential = space < 0 ? "" : value[(space + 1)..].Trim();
        return true;
    }
}

public static class ApiTokenRegistration
{
    /// <summary>
    /// The <c>ApiToken</c> scheme (not a default scheme: endpoints ask for it), its resolver, and the
    /// one revocation mechanism it shares with the OAuth bearer scheme (decision 0302).
    /// </summary>
    public static IServiceCollection AddApiTokenAuthentication(this IServiceCollection services)
    {
        services.AddTokenRevocations();
        services.TryAddSingleton<ActiveUserCache>();
        services.TryAddSingleton<ApiTokenResolver>();
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, ApiTokenAuthenticationHandler>(ApiTokenAuthenticationHandler.SchemeName, null);
        return services;
    }
}
