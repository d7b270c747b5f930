using System.Text.Json.Serialization;
using MapsterMapper;
using MediatR;
using Platform.Application.Identity.ApiTokens;
using Platform.Application.Identity.ApiTokens.CreateApiToken;
using Platform.Application.Identity.ApiTokens.ListApiTokens;
using Platform.Application.Identity.ApiTokens.RevokeApiToken;
using Platform.Web.Api.OpenApi;
using Platform.Web.Http;
using Platform.Web.Security.Bearer;

namespace Platform.Web.Api;

/// <summary>
/// <c>/api/me/tokens</c> (envelope-dialect.md §11): the signed-in user's personal API tokens, for
/// <c>Authorization: Bearer sb_…</c> on <c>/mcp</c>. Like all of /api, the caller is the session
/// cookie (an API token cannot make or revoke tokens); writes need <c>X-Scrumboy: 1</c>.
/// </summary>
public static class ApiTokenEndpoints
{
    private const string Tag = "API tokens";

    public static IEndpointRouteBuilder MapApiTokenApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/me/tokens", List)
            .WithTags(Tag)
            .Describe("listMyApiTokens", "List your personal API tokens",
                "Newest first, revoked ones included (with `revokedAt`). The tokens themselves are never shown again: only their SHA-256 is stored. "
                + "`name`, `lastUsedAt` and `revokedAt` are left out when not set; `lastUsedAt` is updated at most once a minute.")
            .ProducesJson<ApiTokenListJson>()
            .ProducesApiErrors(StatusCodes.Status401Unauthorized, StatusCodes.Status500InternalServerError)
            .WithExamples(response: new ApiTokenListJson([ApiTokenJson.Example, ApiTokenJson.Example with { Id = 3, Name = null, RevokedAt = "2026-12-01T10:00:00Z" }]));
        app.MapPost("/api/me/tokens", Create)
            .WithTags(Tag)
            .Describe("createMyApiToken", "Create a personal API token",
                $"Answers the token (`sb_` + 43 characters) once: store it now. Use it as `Authorization: Bearer sb_…` on `/mcp`. "
                + $"`name` is optional (at most {Domain.Identity.ApiToken.MaxNameLength} characters). "
                + $"At most {Domain.Identity.ApiToken.MaxActivePerUser} active tokens per user (409 beyond).")
            .AcceptsJson<CreateApiTokenBody>()
            .ProducesJson<CreatedApiTokenJson>(StatusCodes.Status201Created)
            .ProducesApiErrors(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden,
                StatusCodes.Status409Conflict, StatusCodes.Status500InternalServerError)
            .WithExamples(
                request: new CreateApiTokenBody("cli"),
                response: new CreatedApiTokenJson(7, "cli", "2026-11-21T09:30:00Z", "sb_q9Xw3m0Zb1uKcP4tLr8nV2yH6sJd5fGa7eT0iWoUxYz"));
        app.MapDelete("/api/me/tokens/{id:long}", Revoke)
            .WithTags(Tag)
            .Describe("revokeMyApiToken", "Revoke one of your personal API tokens",
                "The token stops working at once on this server and within seconds on every other node. An unknown or already revoked token is 404.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesApiErrors(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound,
                StatusCodes.Status500InternalServerError);
        return app;
    }

    public static async Task<IResult> List(IMediator mediator, IMapper mapper, CancellationToken ct)
    {
        var tokens = await mediator.Send(new ListApiTokensQuery(), ct);
        return TypedResults.Json(new ApiTokenListJson(tokens.Select(mapper.Map<ApiTokenDto, ApiTokenJson>).ToList()), WireJson.Options);
    }

    public static async Task<IResult> Create(HttpContext context, IMediator mediator, IMapper mapper)
    {
        var body = await WireJson.ReadAsync<CreateApiTokenBody>(context.Request);
        var created = await mediator.Send(new CreateApiTokenCommand(body.Name), context.RequestAborted);
        return TypedResults.Json(mapper.Map<CreatedApiTokenDto, CreatedApiTokenJson>(created), WireJson.Options, statusCode: StatusCodes.Status201Created);
    }

    public static async Task<IResult> Revoke(IMediator mediator, RevokedTokensPoller revocations, long id, CancellationToken ct)
    {
        await mediator.Send(new RevokeApiTokenCommand(id), ct);
        await revocations.PollOnceAsync(ct);
        return TypedResults.NoContent();
    }

    public sealed record CreateApiTokenBody(string? Name);

    /// <summary>A token in the list; <c>name</c>, <c>lastUsedAt</c> and <c>revokedAt</c> are omitted when unset (Scrumboy's omitempty).</summary>
    public sealed record ApiTokenJson(
        long Id,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Name,
        string CreatedAt,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? LastUsedAt,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? RevokedAt)
    {
        internal static readonly ApiTokenJson Example = new(7, "cli", "2026-11-21T09:30:00Z", "2026-11-21T09:41:12.5Z", null);
    }

    public sealed record ApiTokenListJson(IReadOnlyList<ApiTokenJson> Items);

    /// <summary>A token just made, with its plaintext (shown once).</summary>
    public sealed record CreatedApiTokenJson(
        long Id,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Name,
        string CreatedAt,
        string Token);
}
