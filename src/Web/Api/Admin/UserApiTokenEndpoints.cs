using System.ComponentModel;
using MapsterMapper;
using MediatR;
using Platform.Application.Common.Paging;
using Platform.Application.Identity.Admin.Users.ListUserApiTokens;
using Platform.Application.Identity.Admin.Users.RevokeUserApiToken;
using Platform.Web.Api.OpenApi;
using Platform.Web.Security.Bearer;

namespace Platform.Web.Api.Admin;

/// <summary><c>/api/admin/users/{userId}/api-tokens</c>: a user's personal API tokens (never the tokens themselves), and revoking one.</summary>
public static class UserApiTokenEndpoints
{
    private const string Tag = "Admin users";

    public static RouteGroupBuilder MapAdminUserApiTokens(this RouteGroupBuilder admin)
    {
        var user = admin.MapGroup("/users/{userId:int}").WithTags(Tag);

        user.MapGet("/api-tokens", List)
            .Describe("listUserApiTokens", "List a user's personal API tokens",
                "Newest first, revoked ones included. Only the token's metadata is shown: the token itself was shown to its user once and only its hash is stored.")
            .ProducesJson<PageJson<AdminApiTokenJson>>()
            .ProducesAdminProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound)
            .WithExamples(response: new PageJson<AdminApiTokenJson>([AdminApiTokenJson.Example], 1, 50, 1));

        user.MapDelete("/api-tokens/{tokenId:long}", Revoke)
            .Describe("revokeUserApiToken", "Revoke one personal API token of a user",
                "The token stops working at once on this server and within seconds on every other node. Only an owner revokes an owner's token; "
                + "an unknown or already revoked token is 404. Disabling a user or resetting their password revokes all their tokens.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesAdminProblems(StatusCodes.Status404NotFound);

        return admin;
    }

    public static async Task<IResult> List(
        IMediator mediator,
        IMapper mapper,
        int userId,
        [Description("Page number, from 1 (default 1)")] int? page,
        [Description("Items per page, 1-200 (default 50)")] int? pageSize,
        CancellationToken ct)
    {
        var result = await mediator.Send(new ListUserApiTokensQuery(userId, page ?? 1, pageSize ?? Paging.DefaultPageSize), ct);
        return AdminResults.Ok(PageJson<AdminApiTokenJson>.From(result, mapper));
    }

    public static async Task<IResult> Revoke(IMediator mediator, RevokedTokensPoller revocations, int userId, long tokenId, CancellationToken ct)
    {
        await mediator.Send(new RevokeUserApiTokenCommand(userId, tokenId), ct);
        await revocations.PollOnceAsync(ct);
        return TypedResults.NoContent();
    }
}

/// <summary>A personal API token of a user, as the admin API shows it (unset timestamps are null).</summary>
public sealed record AdminApiTokenJson(long Id, int UserId, string? Name, string CreatedAt, string? LastUsedAt, string? RevokedAt)
{
    internal static readonly AdminApiTokenJson Example = new(7, 42, "cli", "2026-11-21T09:30:00Z", "2026-11-21T09:41:12.5Z", null);
}
