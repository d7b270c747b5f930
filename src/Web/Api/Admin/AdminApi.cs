using System.Text.Json;
using MapsterMapper;
using Platform.Application.Common.Paging;
using Platform.Web.Api.OpenApi;
using Platform.Web.Http;

namespace Platform.Web.Api.Admin;

/// <summary>
/// The admin REST API under <c>/api/admin</c> (system owners and admins; the MediatR requests
/// enforce the role). Conventions: plural nouns, 201 + Location on create, 204 on delete, page
/// pagination with a total, ProblemDetails errors with stable codes.
/// </summary>
public static class AdminApi
{
    public static IEndpointRouteBuilder MapAdminApi(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/admin").ProducesAdminProblems(
            StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status500InternalServerError);
        admin.MapAdminUsers();
        admin.MapAdminUserApiTokens();
        admin.MapAdminOrganizations();
        admin.MapAdminProjects();
        admin.MapAdminOAuthClients();
        admin.MapAdminUserOAuth();
        admin.MapAdminSigningKeys();
        admin.MapAdminAuditLog();
        return app;
    }
}

/// <summary>One page of a list: the items, the page asked for, its size and the total across all pages.</summary>
public sealed record PageJson<T>(IReadOnlyList<T> Items, int Page, int PageSize, int Total)
{
    /// <summary>The page with each item mapped by the API's Mapster rules (<see cref="ApiMappings"/>).</summary>
    public static PageJson<T> From<TDto>(Page<TDto> page, IMapper mapper) =>
        new(page.Items.Select(mapper.Map<TDto, T>).ToList(), page.PageNumber, page.PageSize, page.Total);
}

/// <summary>Result helpers shared by the admin endpoints (JSON with the API's options).</summary>
public static class AdminResults
{
    public static IResult Ok<T>(T body) => TypedResults.Json(body, WireJson.Options);

    /// <summary>201 Created with a Location header (relative URI of the new resource) and its JSON.</summary>
    public static IResult Created<T>(string location, T body) => new CreatedJsonResult<T>(location, body);

    private sealed class CreatedJsonResult<T>(string location, T body) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = StatusCodes.Status201Created;
            httpContext.Response.Headers.Location = location;
            httpContext.Response.ContentType = "application/json; charset=utf-8";
            await JsonSerializer.SerializeAsync(httpContext.Response.Body, body, WireJson.Options, httpContext.RequestAborted);
        }
    }
}
