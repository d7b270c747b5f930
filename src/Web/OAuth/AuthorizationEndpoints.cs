using MediatR;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.Extensions.Primitives;
using Platform.Application.Identity.Auth.Login;
using Platform.Application.Identity.OAuth.Authorize;
using Platform.Application.Identity.OAuth.DecideConsent;
using Platform.Domain.Common;
using Platform.Web.Http;
using Platform.Web.OAuth.Pages;
using Platform.Web.Security;

namespace Platform.Web.OAuth;

/// <summary>
/// GET /auth/authorize, and the two forms it may show: POST /auth/login (same users, passwords and
/// rate limit as /api/auth/login) and POST /auth/consent. The authorization request travels in
/// hidden fields and is validated again by the application at every step.
/// </summary>
public static class AuthorizationEndpoints
{
    public const string AuthorizePath = "/auth/authorize";
    public const string LoginPath = "/auth/login";
    public const string ConsentPath = "/auth/consent";

    private static readonly string[] SingleValued =
        ["response_type", "client_id", "redirect_uri", "scope", "state", "code_challenge", "code_challenge_method"];

    public static IEndpointRouteBuilder MapAuthorization(this IEndpointRouteBuilder app)
    {
        app.MapGet(AuthorizePath, Authorize);
        app.MapPost(LoginPath, Login);
        app.MapPost(ConsentPath, Consent);
        return app;
    }

    private static async Task<IResult> Authorize(HttpContext context, IMediator mediator, IAntiforgery antiforgery)
    {
        var request = Parse(context.Request.Query);
        var outcome = await mediator.Send(new AuthorizeCommand(request), context.RequestAborted);
        return Render(context, antiforgery, outcome);
    }

    private static async Task<IResult> Login(HttpContext context, IMediator mediator, IAntiforgery antiforgery)
    {
        if (await ReadFormAsync(context) is not { } form)
        {
            return OAuthPages.Error(context, "The sign-in form was not sent correctly. Go back to the application and connect again.");
        }

        var request = Parse(form);
        var outcome = await mediator.Send(new AuthorizeCommand(request), context.RequestAborted);
        if (outcome is not AuthorizationLoginRequired login)
        {
            return Render(context, antiforgery, outcome); // an invalid request, or someone is signed in already
        }

        var email = form["email"].ToString();
        if (!await antiforgery.IsRequestValidAsync(context))
        {
            return OAuthPages.Login(context, antiforgery, login, "This form has expired. Please sign in again.", email, StatusCodes.Status400BadRequest);
        }

        try
        {
            var signedIn = await mediator.Send(
                new LoginCommand(email, form["password"].ToString(), ClientAddress.Of(context), context.Request.Headers.UserAgent.ToString()),
                context.RequestAborted);
            SessionCookie.Append(context, signedIn);
        }
        catch (Exception ex) when (ex is AuthRequiredException or ValidationFailedException)
        {
            // A NUL or a lone surrogate in the email or password (the text rule) is just a wrong sign-in.
            return OAuthPages.Login(context, antiforgery, login, "Incorrect email or password.", email, StatusCodes.Status200OK);
        }
        catch (RateLimitedException)
        {
            return OAuthPages.Login(context, antiforgery, login, "Too many sign-in attempts. Wait a minute and try again.", email, StatusCodes.Status429TooManyRequests);
        }
        catch (NotFoundException)
        {
            return OAuthPages.Error(context, "Signing in is turned off on this server (anonymous mode).");
        }

        // Back into the flow: GET /authorize validates everything again, now with the session.
        context.Response.Headers.Location = context.Request.PathBase + AuthorizePath + QueryString.Create(request.ToParameters().Select(p => KeyValuePair.Create(p.Key, (string?)p.Value)));
        return Results.StatusCode(StatusCodes.Status303SeeOther);
    }

    private static async Task<IResult> Consent(HttpContext context, IMediator mediator, IAntiforgery antiforgery)
    {
        if (await ReadFormAsync(context) is not { } form)
        {
            return OAuthPages.Error(context, "The consent form was not sent correctly. Go back to the application and connect again.");
        }

        if (!await antiforgery.IsRequestValidAsync(context))
        {
            return OAuthPages.Error(context, "This form has expired or was not sent from this site. Go back to the application and connect again.");
        }

        var decision = form["decision"].ToString();
        if (decision is not ("allow" or "deny"))
        {
            return OAuthPages.Error(context, "Choose Allow or Deny.");
        }

        var outcome = await mediator.Send(new DecideConsentCommand(Parse(form), decision == "allow"), context.RequestAborted);
        return Render(context, antiforgery, outcome);
    }

    private static IResult Render(HttpContext context, IAntiforgery antiforgery, AuthorizationOutcome outcome) => outcome switch
    {
        AuthorizationRedirect redirect => Redirect(context, redirect.Location),
        AuthorizationLoginRequired login => OAuthPages.Login(context, antiforgery, login, null, null, StatusCodes.Status200OK),
        AuthorizationConsentRequired consent => OAuthPages.Consent(context, antiforgery, consent),
        AuthorizationErrorPage error => OAuthPages.Error(context, error.Message),
        _ => throw new InvalidOperationException($"Unknown authorization outcome {outcome.GetType().Name}"),
    };

    /// <summary>302 (never 307: the client's callback must be a GET) with nothing cached.</summary>
    private static IResult Redirect(HttpContext context, string location)
    {
        OAuthHttp.NoStore(context.Response);
        context.Response.Headers.Location = location;
        return Results.StatusCode(StatusCodes.Status302Found);
    }

    private static async Task<IFormCollection?> ReadFormAsync(HttpContext context)
    {
        OAuthHttp.LimitBody(context);
        if (!context.Request.HasFormContentType)
        {
            return null;
        }

        try
        {
            return await context.Request.ReadFormAsync(context.RequestAborted);
        }
        catch (Exception ex) when (ex is BadHttpRequestException or InvalidDataException or IOException)
        {
            return null;
        }
    }

    /// <summary>The authorization parameters of a query string or a form; empty values count as absent.</summary>
    internal static AuthorizationRequest Parse(IEnumerable<KeyValuePair<string, StringValues>> parameters)
    {
        var values = parameters.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        string? Single(string name) =>
            values.TryGetValue(name, out var v) && v.Count > 0 && !string.IsNullOrEmpty(v[0]) ? v[0] : null;

        return new AuthorizationRequest
        {
            ResponseType = Single("response_type"),
            ClientId = Single("client_id"),
            RedirectUri = Single("redirect_uri"),
            Scope = Single("scope"),
            State = Single("state"),
            CodeChallenge = Single("code_challenge"),
            CodeChallengeMethod = Single("code_challenge_method"),
            Resources = values.TryGetValue("resource", out var resources) ? OAuthHttp.Values(resources) : [],
            RepeatedParameters = SingleValued.Where(n => values.TryGetValue(n, out var v) && v.Count > 1).ToArray(),
        };
    }
}
