using System.ComponentModel;
using MapsterMapper;
using MediatR;
using Platform.Application.Common.Paging;
using Platform.Application.Identity.OAuth.AdminClients;
using Platform.Application.Identity.OAuth.AdminClients.DeleteOAuthClient;
using Platform.Application.Identity.OAuth.AdminClients.GetOAuthClient;
using Platform.Application.Identity.OAuth.AdminClients.ListOAuthClients;
using Platform.Web.Api.OpenApi;
using Platform.Web.Http;

namespace Platform.Web.Api.Admin;

/// <summary>
/// <c>/api/admin/oauth-clients</c>: the clients known to the OAuth server, registered dynamically or
/// named by the URL of their client ID metadata document (decision 0304).
/// </summary>
public static class OAuthClientEndpoints
{
    private const string Tag = "Admin OAuth";

    /// <summary>How a client_id goes into a path segment (decision 0304).</summary>
    internal const string ClientIdDescription =
        "The client's public client_id; a URL client_id (client ID metadata document) percent-encoded as one segment, e.g. https%3A%2F%2Fapp.example%2Fclient.json";

    public static RouteGroupBuilder MapAdminOAuthClients(this RouteGroupBuilder admin)
    {
        var clients = admin.MapGroup("/oauth-clients").WithTags(Tag);

        clients.MapGet("", ListClients)
            .Describe("listOAuthClients", "List registered OAuth clients (paged)",
                "Newest first, with how many users granted each client access and its live refresh tokens. `search` matches part of the client name, or the exact client_id.")
            .ProducesJson<PageJson<AdminOAuthClientJson>>()
            .ProducesAdminProblems(StatusCodes.Status400BadRequest)
            .WithExamples(response: new PageJson<AdminOAuthClientJson>([AdminOAuthClientJson.Example], 1, 50, 1));

        clients.MapGet("/{clientId}", GetClient)
            .Describe("getOAuthClient", "Get one registered OAuth client", "By its public `client_id`. Never shows a secret (only its hash is stored).")
            .ProducesJson<AdminOAuthClientJson>()
            .ProducesAdminProblems(StatusCodes.Status404NotFound)
            .WithExamples(response: AdminOAuthClientJson.Example);

        clients.MapDelete("/{clientId}", DeleteClient)
            .Describe("deleteOAuthClient", "Delete a registered OAuth client",
                "Its consents, authorization codes and refresh tokens go with it: it can no longer refresh; access tokens it holds expire within the hour.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesAdminProblems(StatusCodes.Status404NotFound);

        return admin;
    }

    public static async Task<IResult> ListClients(
        IMediator mediator,
        IMapper mapper,
        [Description("Part of the client name (case-insensitive), or an exact client_id")] string? search,
        [Description("Page number, from 1 (default 1)")] int? page,
        [Description("Items per page, 1-200 (default 50)")] int? pageSize,
        CancellationToken ct)
    {
        var result = await mediator.Send(new ListOAuthClientsQuery(search, page ?? 1, pageSize ?? Paging.DefaultPageSize), ct);
        return AdminResults.Ok(PageJson<AdminOAuthClientJson>.From(result, mapper));
    }

    public static async Task<IResult> GetClient(
        HttpContext context, IMediator mediator, IMapper mapper, [Description(ClientIdDescription)] string clientId, CancellationToken ct) =>
        AdminResults.Ok(mapper.Map<AdminOAuthClientDto, AdminOAuthClientJson>(
            await mediator.Send(new GetOAuthClientQuery(RawPathSegment.Last(context, clientId)), ct)));

    public static async Task<IResult> DeleteClient(HttpContext context, IMediator mediator, [Description(ClientIdDescription)] string clientId, CancellationToken ct)
    {
        await mediator.Send(new DeleteOAuthClientCommand(RawPathSegment.Last(context, clientId)), ct);
        return TypedResults.NoContent();
    }
}

/// <summary>A registered OAuth client (RFC 7591 metadata names in camelCase), with its usage.</summary>
public sealed record AdminOAuthClientJson(
    string ClientId,
    string? ClientName,
    string TokenEndpointAuthMethod,
    IReadOnlyList<string> RedirectUris,
    IReadOnlyList<string> GrantTypes,
    string? Scope,
    string? ClientUri,
    string? SoftwareId,
    string? SoftwareVersion,
    string? ApplicationType,
    string CreatedAt,
    int Consents,
    int ActiveRefreshTokens)
{
    internal static readonly AdminOAuthClientJson Example = new(
        "s6BhdRkqt3Wq9F1xk3JYV2yXo0Ux7Tbq", "Claude Code", "none", ["http://127.0.0.1:33418/callback"], ["authorization_code", "refresh_token"],
        "organizations:read tasks:read tasks:write offline_access", null, null, null, "native", "2026-11-21T09:30:00Z", 3, 2);
}
