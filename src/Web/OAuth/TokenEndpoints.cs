using System.Net;
using System.Text;
using System.Text.Json.Serialization;
using MediatR;
using Platform.Application.Common.Telemetry;
using Platform.Application.Identity.OAuth;
using Platform.Application.Identity.OAuth.ExchangeToken;
using Platform.Application.Identity.OAuth.RevokeToken;
using Platform.Domain.Identity.OAuth;

namespace Platform.Web.OAuth;

/// <summary>POST /auth/token (RFC 6749 §3.2) and POST /auth/revoke (RFC 7009).</summary>
public static class TokenEndpoints
{
    public const string TokenPath = "/auth/token";
    public const string RevokePath = "/auth/revoke";

    public static IEndpointRouteBuilder MapTokenEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost(TokenPath, Token);
        app.MapPreflight(TokenPath, "POST");
        app.MapPost(RevokePath, Revoke);
        app.MapPreflight(RevokePath, "POST");
        return app;
    }

    private static async Task<IResult> Token(HttpContext context, IMediator mediator, PlatformMetrics metrics)
    {
        OAuthHttp.AllowAnyOrigin(context.Response);
        OAuthHttp.NoStore(context.Response);
        var grantType = "none";
        try
        {
            var form = await OAuthHttp.ReadTokenFormAsync(context, "resource");
            grantType = GrantTypeTag(OAuthHttp.Value(form, "grant_type"));
            var command = new ExchangeTokenCommand(
                ReadClientCredentials(context.Request, form),
                OAuthHttp.Value(form, "grant_type"),
                OAuthHttp.Value(form, "code"),
                OAuthHttp.Value(form, "redirect_uri"),
                OAuthHttp.Value(form, "code_verifier"),
                OAuthHttp.Value(form, "refresh_token"),
                OAuthHttp.Value(form, "scope"),
                OAuthHttp.Values(form["resource"]));
            var token = await mediator.Send(command, context.RequestAborted);
            metrics.TokenRequest(grantType, "issued");
            return Results.Json(new TokenJson(token.AccessToken, token.TokenType, token.ExpiresIn, token.Scope, token.RefreshToken), OAuthHttp.Json);
        }
        catch (OAuthException ex)
        {
            metrics.TokenRequest(grantType, ErrorTag(ex.Error));
            return OAuthHttp.Error(context, ex);
        }
    }

    /// <summary>The grant type as a metric tag: one of the grants Platform knows, else <c>other</c> (what a caller typed never becomes a series).</summary>
    private static string GrantTypeTag(string? grantType) => grantType switch
    {
        null or "" => "none",
        GrantTypes.AuthorizationCode => GrantTypes.AuthorizationCode,
        GrantTypes.RefreshToken => GrantTypes.RefreshToken,
        "client_credentials" => "client_credentials",
        _ => "other",
    };

    /// <summary>An OAuth error code of RFC 6749 §5.2 / RFC 8707 as a tag; anything else <c>other</c>.</summary>
    private static string ErrorTag(string error) => error switch
    {
        OAuthErrors.InvalidRequest or OAuthErrors.InvalidClient or OAuthErrors.InvalidGrant or OAuthErrors.UnauthorizedClient
            or OAuthErrors.InvalidScope or OAuthErrors.InvalidTarget or OAuthErrors.UnsupportedGrantType => error,
        _ => "other",
    };

    private static async Task<IResult> Revoke(HttpContext context, IMediator mediator)
    {
        OAuthHttp.AllowAnyOrigin(context.Response);
        OAuthHttp.NoStore(context.Response);
        try
        {
            var form = await OAuthHttp.ReadTokenFormAsync(context);
            await mediator.Send(
                new RevokeTokenCommand(ReadClientCredentials(context.Request, form), OAuthHttp.Value(form, "token"), OAuthHttp.Value(form, "token_type_hint")),
                context.RequestAborted);
            return Results.Ok();
        }
        catch (OAuthException ex)
        {
            return OAuthHttp.Error(context, ex);
        }
    }

    /// <summary>
    /// The client's credentials: HTTP Basic (id and secret form-urlencoded, RFC 6749 §2.3.1) or
    /// client_id [+ client_secret] in the body; using both is <c>invalid_request</c>.
    /// </summary>
    internal static ClientCredentials ReadClientCredentials(HttpRequest request, IFormCollection form)
    {
        var formId = OAuthHttp.Value(form, "client_id");
        var formSecret = OAuthHttp.Value(form, "client_secret");
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.Length == 0)
        {
            return new ClientCredentials(formId, formSecret, formSecret is null ? ClientCredentialsScheme.None : ClientCredentialsScheme.Post);
        }

        if (!OAuthHttp.UsedBasic(request))
        {
            throw new OAuthException(OAuthErrors.InvalidClient, "client authentication failed: only the Basic scheme is accepted in Authorization");
        }

        string decoded;
        try
        {
            decoded = new UTF8Encoding(false, true).GetString(Convert.FromBase64String(authorization["Basic ".Length..].Trim()));
        }
        catch (Exception ex) when (ex is FormatException or DecoderFallbackException)
        {
            throw new OAuthException(OAuthErrors.InvalidClient, "client authentication failed: malformed Basic credentials");
        }

        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            throw new OAuthException(OAuthErrors.InvalidClient, "client authentication failed: malformed Basic credentials");
        }

        var id = WebUtility.UrlDecode(decoded[..colon]);
        var secret = WebUtility.UrlDecode(decoded[(colon + 1)..]);
        if (formSecret is not null)
        {
            throw new OAuthException(OAuthErrors.InvalidRequest, "use one client authentication method, not Basic and client_secret together");
        }

        if (formId is not null && formId != id)
        {
            throw new OAuthException(OAuthErrors.InvalidRequest, "client_id in the body differs from the Basic credentials");
        }

        return new ClientCredentials(id, secret, ClientCredentialsScheme.Basic);
    }

    private sealed record TokenJson(
        [property: JsonPropertyName("access_token")] string AccessToken,
        [property: JsonPropertyName("token_type")] string TokenType,
        [property: JsonPropertyName("expires_in")] int ExpiresIn,
        [property: JsonPropertyName("scope")] string Scope,
        [property: JsonPropertyName("refresh_token")] string? RefreshToken);
}
