using System.Globalization;
using MediatR;
using Platform.Application.Organizations.Organizations;
using Platform.Application.Organizations.Organizations.AddOrganizationMember;
using Platform.Application.Organizations.Organizations.CreateOrganization;
using Platform.Application.Organizations.Organizations.ListAllOrganizations;
using Platform.Domain.Organizations;

namespace Platform.Web.Api.Admin;

/// <summary>
/// Admin REST for organizations (session cookie of a system owner or admin; X-Scrumboy: 1 on
/// writes, errors as ProblemDetails): create, list, add a member. Each endpoint only maps JSON to
/// a MediatR request and the DTO back.
/// </summary>
public static class OrganizationEndpoints
{
    public const string BasePath = "/api/admin/organizations";

    public static IEndpointRouteBuilder MapOrganizationAdminApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(BasePath).WithTags("Organizations");
        group.MapPost("", CreateOrganization);
        group.MapGet("", ListOrganizations);
        group.MapPost("/{organizationId:int}/members", AddMember);
        return app;
    }

    public static async Task<IResult> CreateOrganization(HttpContext context, IMediator mediator)
    {
        var body = await ApiJson.ReadAsync<CreateOrganizationBody>(context.Request);
        var organization = await mediator.Send(new CreateOrganizationCommand(body.Name, body.Slug), context.RequestAborted);
        context.Response.Headers.Location = string.Create(CultureInfo.InvariantCulture, $"{BasePath}/{organization.Id}");
        return TypedResults.Json(OrganizationJson.From(organization), ApiJson.Options, statusCode: StatusCodes.Status201Created);
    }

    public static async Task<IResult> ListOrganizations(IMediator mediator, CancellationToken ct)
    {
        var organizations = await mediator.Send(new ListAllOrganizationsQuery(), ct);
        return TypedResults.Json(organizations.Select(OrganizationJson.From).ToList(), ApiJson.Options);
    }

    public static async Task<IResult> AddMember(int organizationId, HttpContext context, IMediator mediator)
    {
        var body = await ApiJson.ReadAsync<AddMemberBody>(context.Request);
        var member = await mediator.Send(new AddOrganizationMemberCommand(organizationId, body.UserId, body.Role), context.RequestAborted);
        return TypedResults.Json(MemberJson.From(member), ApiJson.Options, statusCode: StatusCodes.Status201Created);
    }

    public sealed record CreateOrganizationBody(string? Name, string? Slug);

    public sealed record AddMemberBody(int? UserId, string? Role);

    public sealed record OrganizationJson(int Id, string Name, string Slug, string CreatedAt)
    {
        public static OrganizationJson From(OrganizationDto o) => new(o.Id, o.Name, o.Slug, ApiJson.Timestamp(o.CreatedAt));
    }

    public sealed record MemberJson(int OrganizationId, int UserId, string Role, string CreatedAt)
    {
        public static MemberJson From(OrganizationMemberDto m) => new(m.OrganizationId, m.UserId, m.Role.ToWire(), ApiJson.Timestamp(m.CreatedAt));
    }
}
