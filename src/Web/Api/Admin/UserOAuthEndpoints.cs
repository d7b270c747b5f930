using System.ComponentModel;
using MapsterMapper;
using MediatR;
using Platform.Application.Common.Paging;
using Platform.Application.Identity.OAuth.AdminGrants.ListUserGrants;
using Platform.Application.Identity.OAuth.AdminGrants.ListUserRefreshTokenFamilies;
using Platform.Application.Identity.OAuth.AdminGrants.RevokeRefreshTokenFamily;
using Platform.Application.Identity.OAuth.AdminGrants.RevokeUserGrant;
using Platform.Web.Api.OpenApi;
using Platform.Web.Http;

namespace Platform.Web.Api.Admin;

/// <summary>
/// <c>/api/admin/users/{userId}/oauth-grants</c> and <c>…/refresh-token-families</c>: what a user
/// allowed OAuth clients, and the refresh-token chains those grants produced.
/// </summary>
public static class UserOAuthEndpoints
{
    private const string Tag = "Admin OAuth";

    public static RouteGroupBuilder MapAdminUserOAuth(this RouteGroupBuilder admin)
    {
        var user = admin.MapGroup("/users/{userId:int}").WithTags(Tag);

        user.MapGet("/oauth-grants", ListGrants)
            .Describe("listUserOAuthGrants", "List a user's OAuth grants", "The clients the user consented to, one row per client and protected resource (its URI in resource), with the scopes allowed and the live refresh tokens for that resource.")
            .ProducesJson<PageJson<UserGrantJson>>()
            .ProducesAdminProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound)
            .WithExamples(response: new PageJson<UserGrantJson>([UserGrantJson.Example], 1, 50, 1));

        user.MapDelete("/oauth-grants/{clientId}", RevokeGrant)
            .Describe("revokeUserOAuthGrant", "Withdraw a user's grant to a client",
                "Deletes the consent (the next authorization asks again) and revokes the client's refresh tokens and unused codes for this user.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesAdminProblems(StatusCodes.Status404NotFound);

        user.MapGet("/refresh-token-families", ListFamilies)
            .Describe("listUserRefreshTokenFamilies", "List a user's refresh-token families",
                "One entry per grant chain of rotated refresh tokens; live families first. Tokens themselves are never shown (only hashes are stored).")
            .ProducesJson<PageJson<RefreshTokenFamilyJson>>()
            .ProducesAdminProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound)
            .WithExamples(response: new PageJson<RefreshTokenFamilyJson>([RefreshTokenFamilyJson.Example], 1, 50, 1));

        user.MapDelete("/refresh-token-families/{familyId:guid}", RevokeFamily)
            .Describe("revokeUserRefreshTokenFamily", "Revoke one refresh-token family of a user", "The client can no longer refresh with it.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesAdminProblems(StatusCodes.Status404NotFound);

        return admin;
    }

    public static async Task<IResult> ListGrants(
        IMediator mediator,
        IMapper mapper,
        int userId,
        [Description("Page number, from 1 (default 1)")] int? page,
        [Description("Items per page, 1-200 (default 50)")] int? pageSize,
        CancellationToken ct)
    {
        var result = await mediator.Send(new ListUserGrantsQuery(userId, page ?? 1, pageSize ?? Paging.DefaultPageSize), ct);
        return AdminResults.Ok(PageJson<UserGrantJson>.From(result, mapper));
    }

    public static async Task<IResult> RevokeGrant(
        HttpContext context, IMediator mediator, int userId, [Description(OAuthClientEndpoints.ClientIdDescription)] string clientId, CancellationToken ct)
    {
        await mediator.Send(new RevokeUserGrantCommand(userId, RawPathSegment.Last(context, clientId)), ct);
        return TypedResults.NoContent();
    }

    public static async Task<IResult> ListFamilies(
        IMediator mediator,
        IMapper mapper,
        int userId,
        [Description("Page number, from 1 (default 1)")] int? page,
        [Description("Items per page, 1-200 (default 50)")] int? pageSize,
        CancellationToken ct)
    {
        var result = await mediator.Send(new ListUserRefreshTokenFamiliesQuery(userId, page ?? 1, pageSize ?? Paging.DefaultPageSize), ct);
        return AdminResults.Ok(PageJson<RefreshTokenFamilyJson>.From(result, mapper));
    }

    public static async Task<IResult> RevokeFamily(IMediator mediator, int userId, Guid familyId, CancellationToken ct)
    {
        await mediator.Send(new RevokeRefreshTokenFamilyCommand(userId, familyId), ct);
        return TypedResults.NoContent();
    }
}

/// <summary>A user's consent to a client.</summary>
public sealed record UserGrantJson(
    string ClientId, string? ClientName, string Resource, string ResourceDescription, IReadOnlyList<string> Scopes, string GrantedAt, string UpdatedAt,
    int ActiveRefreshTokens)
{
    internal static readonly UserGrantJson Example = new(
        "s6BhdRkqt3Wq9F1xk3JYV2yXo0Ux7Tbq", "Claude Code", "https://platform.example.com/api/mcp", "your organizations and tasks",
        ["organizations:read", "tasks:read", "offline_access"], "2026-11-20T10:00:00Z", "2026-11-21T09:00:00Z", 1);
}

/// <summary>A refresh-token family: <c>active</c> while its newest token is unspent and unexpired.</summary>
public sealed record RefreshTokenFamilyJson(
    Guid FamilyId, string ClientId, string? ClientName, IReadOnlyList<string> Scopes, string StartedAt, string LastIssuedAt, int Tokens, bool Active,
    string? ExpiresAt, string? RevokedAt)
{
    internal static readonly RefreshTokenFamilyJson Example = new(
        Guid.Parse("3f2c8a4e-5b1d-4c7a-9e0f-2a6b8c4d1e97"), "s6BhdRkqt3Wq9F1xk3JYV2yXo0Ux7Tbq", "Claude Code", ["tasks:read", "offline_access"],
        "2026-11-20T10:00:00Z", "2026-11-21T09:00:00Z", 4, true, "2026-12-21T09:00:00Z", null);
}
