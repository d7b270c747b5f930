using MapsterMapper;
using MediatR;
using Platform.Application.Common.Interfaces;
using Platform.Application.Identity;
using Platform.Application.Identity.Auth.Bootstrap;
using Platform.Application.Identity.Auth.GetAuthStatus;
using Platform.Application.Identity.Auth.GetMe;
using Platform.Application.Identity.Auth.Login;
using Platform.Application.Identity.Auth.Logout;
using Platform.Web.Api.OpenApi;
using Platform.Web.Http;
using Platform.Web.Security;

namespace Platform.Web.Api;

/// <summary>Scrumboy's auth API (envelope-dialect.md §11).</summary>
public static class AuthEndpoints
{
    private const string LogoutPage =
        "<!DOCTYPE html><html><head><meta http-equiv=\"refresh\" content=\"0;url=/\"></head><body>Logging out...</body></html>";

    public static IEndpointRouteBuilder MapAuthApi(this IEndpointRouteBuilder app)
    {
        const string Tag = "Auth";
        app.MapGet("/api/auth/status", GetStatus)
            .WithTags(Tag).AllowAnonymous()
            .Describe("getAuthStatus", "Who is signed in, and whether the first user can still be created",
                "In anonymous mode the answer is `{\"user\":null,\"bootstrapAvailable\":false,\"mode\":\"anonymous\"}`.")
            .ProducesJson<StatusJson>()
            .ProducesApiErrors(StatusCodes.Status500InternalServerError)
            .WithExamples(response: new StatusJson(new StatusUserJson(1, "owner@example.com", "Owner", true, "owner", false), false, "full", false, true, false));
        app.MapPost("/api/auth/bootstrap", Bootstrap)
            .WithTags(Tag).AllowAnonymous()
            .Describe("bootstrap", "Create the first user (the system owner) and sign in",
                "Only while no user exists (409 afterwards). Sets the `scrumboy_session` cookie.")
            .AcceptsJson<BootstrapBody>()
            .ProducesJson<UserJson>(StatusCodes.Status201Created)
            .ProducesApiErrors(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict,
                StatusCodes.Status500InternalServerError)
            .WithExamples(
                request: new BootstrapBody("owner@example.com", "password123", "Owner"),
                response: new UserJson(1, "owner@example.com", "Owner", null, true, "owner", "2026-11-21T09:00:00Z", false));
        app.MapPost("/api/auth/login", Login)
            .WithTags(Tag).AllowAnonymous()
            .Describe("login", "Sign in with e-mail and password",
                "Sets the `scrumboy_session` cookie (HttpOnly, 30 days); the browser then sends it with every call, Swagger UI's included. "
                + "At most 10 attempts per minute per client IP and per e-mail (429).")
            .AcceptsJson<LoginBody>()
            .ProducesJson<UserJson>()
            .ProducesApiErrors(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden,
                StatusCodes.Status404NotFound, StatusCodes.Status429TooManyRequests, StatusCodes.Status500InternalServerError)
            .WithExamples(
                request: new LoginBody("owner@example.com", "password123"),
                response: new UserJson(1, "owner@example.com", "Owner", null, true, "owner", "2026-11-21T09:00:00Z", false));
        app.MapPost("/api/auth/logout", Logout)
            .WithTags(Tag).AllowAnonymous()
            .Describe("logout", "Sign out", "Ends the cookie's session and clears the cookie; answers a small HTML page that redirects to `/`.")
            .Produces<string>(StatusCodes.Status200OK, "text/html")
            .ProducesApiErrors(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status500InternalServerError);
        app.MapGet("/api/me", GetMe)
            .WithTags(Tag)
            .Describe("getMe", "The signed-in user")
            .ProducesJson<UserJson>()
            .ProducesApiErrors(StatusCodes.Status401Unauthorized, StatusCodes.Status500InternalServerError)
            .WithExamples(response: new UserJson(1, "owner@example.com", "Owner", null, true, "owner", "2026-11-21T09:00:00Z", false));
        return app;
    }

    public static async Task<IResult> GetStatus(IMediator mediator, IMapper mapper, CancellationToken ct)
    {
        var status = await mediator.Send(new GetAuthStatusQuery(), ct);
        if (status.Mode == ServerMode.Anonymous)
        {
            // Explicit: Scrumboy's anonymous answer is a fixed three-field object (envelope-dialect.md §11), not a copy of a DTO.
            return TypedResults.Json(new AnonymousStatusJson(null, false, "anonymous"), WireJson.Options);
        }

        var user = status.User is { } u ? mapper.Map<UserDto, StatusUserJson>(u) : null;
        return TypedResults.Json(new StatusJson(user, status.BootstrapAvailable, "full", false, true, false), WireJson.Options);
    }

    public static async Task<IResult> Bootstrap(HttpContext context, IMediator mediator, IMapper mapper)
    {
        var body = await WireJson.ReadAsync<BootstrapBody>(context.Request);
        var signedIn = await mediator.Send(
            new BootstrapCommand(body.Email, body.Password, body.Name, context.Request.Headers.UserAgent.ToString(), ClientAddress.Of(context)),
            context.RequestAborted);
        SessionCookie.Append(context, signedIn);
        return TypedResults.Json(mapper.Map<UserDto, UserJson>(signedIn.User), WireJson.Options, statusCode: StatusCodes.Status201Created);
    }

    public static async Task<IResult> Login(HttpContext context, IMediator mediator, IMapper mapper)
    {
        var body = await WireJson.ReadAsync<LoginBody>(context.Request);
        var signedIn = await mediator.Send(
            new LoginCommand(body.Email, body.Password, ClientAddress.Of(context), context.Request.Headers.UserAgent.ToString()),
            context.RequestAborted);
        SessionCookie.Append(context, signedIn);
        return TypedResults.Json(mapper.Map<UserDto, UserJson>(signedIn.User), WireJson.Options);
    }

    public static async Task<IResult> Logout(HttpContext context, IMediator mediator, IServerSettings settings)
    {
        if (settings.Mode == ServerMode.Anonymous)
        {
            throw new Domain.Common.NotFoundException();
        }

        context.Request.Cookies.TryGetValue(SessionAuthenticationHandler.CookieName, out var token);
        await mediator.Send(new LogoutCommand(token), context.RequestAborted);
        SessionCookie.Clear(context);
        return TypedResults.Text(LogoutPage, "text/html; charset=utf-8");
    }

    public static async Task<IResult> GetMe(IMediator mediator, IMapper mapper, CancellationToken ct) =>
        TypedResults.Json(mapper.Map<UserDto, UserJson>(await mediator.Send(new GetMeQuery(), ct)), WireJson.Options);

    public sealed record BootstrapBody(string? Email, string? Password, string? Name);

    public sealed record LoginBody(string? Email, string? Password);

    public sealed record UserJson(int Id, string Email, string Name, string? Image, bool IsBootstrap, string SystemRole, string CreatedAt, bool TwoFactorEnabled);

    public sealed record StatusUserJson(int Id, string Email, string Name, bool IsBootstrap, string SystemRole, bool TwoFactorEnabled);

    public sealed record StatusJson(StatusUserJson? User, bool BootstrapAvailable, string Mode, bool OidcEnabled, bool LocalAuthEnabled, bool WallEnabled);

    public sealed record AnonymousStatusJson(object? User, bool BootstrapAvailable, string Mode);
}
