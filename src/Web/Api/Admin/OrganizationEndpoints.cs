using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using MapsterMapper;
using MediatR;
using Platform.Application.Common;
using Platform.Application.Common.Paging;
using Platform.Application.Organizations;
using Platform.Application.Organizations.CreateOrganization;
using Platform.Application.Organizations.DeleteOrganization;
using Platform.Application.Organizations.GetOrganization;
using Platform.Application.Organizations.ListAllOrganizations;
using Platform.Application.Organizations.Members;
using Platform.Application.Organizations.Members.AddOrganizationMember;
using Platform.Application.Organizations.Members.ChangeOrganizationMemberRole;
using Platform.Application.Organizations.Members.GetOrganizationMember;
using Platform.Application.Organizations.Members.ListOrganizationMembers;
using Platform.Application.Organizations.Members.RemoveOrganizationMember;
using Platform.Application.Organizations.Tasks;
using Platform.Application.Organizations.Tasks.GetOrganizationTask;
using Platform.Application.Organizations.Tasks.ListOrganizationTasks;
using Platform.Application.Organizations.UpdateOrganization;
using Platform.Web.Api.OpenApi;
using Platform.Web.Http;

namespace Platform.Web.Api.Admin;

/// <summary>
/// <c>/api/admin/organizations</c>: organizations, their members and (read-only) their tasks. Each
/// endpoint only maps JSON to a MediatR request and the DTO back.
/// </summary>
public static class OrganizationEndpoints
{
    public const string BasePath = "/api/admin/organizations";
    private const string Tag = "Admin organizations";

    public static RouteGroupBuilder MapAdminOrganizations(this RouteGroupBuilder admin)
    {
        var organizations = admin.MapGroup("/organizations").WithTags(Tag);

        organizations.MapGet("", ListOrganizations)
            .Describe("listOrganizations", "List organizations (paged, searchable)",
                "Every organization, oldest first, with member and task counts. `search` matches part of the name or the slug.")
            .ProducesJson<PageJson<AdminOrganizationJson>>()
            .ProducesAdminProblems(StatusCodes.Status400BadRequest)
            .WithExamples(response: new PageJson<AdminOrganizationJson>([AdminOrganizationJson.Example], 1, 50, 1));

        organizations.MapPost("", CreateOrganization)
            .Describe("createOrganization", "Create an organization",
                "The slug is derived from the name when absent (\"Acme Corp\" → `acme-corp`); a slug in use is a 409. The creator does not become a member.")
            .AcceptsJson<CreateOrganizationBody>()
            .ProducesJson<OrganizationJson>(StatusCodes.Status201Created)
            .ProducesAdminProblems(StatusCodes.Status400BadRequest, StatusCodes.Status409Conflict)
            .WithExamples(request: new CreateOrganizationBody("Acme Corp", null), response: new OrganizationJson(7, "Acme Corp", "acme-corp", "2026-11-21T09:30:00Z"));

        organizations.MapGet("/{organizationId:int}", GetOrganization)
            .Describe("getOrganization", "Get one organization")
            .ProducesJson<AdminOrganizationJson>()
            .ProducesAdminProblems(StatusCodes.Status404NotFound)
            .WithExamples(response: AdminOrganizationJson.Example);

        organizations.MapPatch("/{organizationId:int}", UpdateOrganization)
            .Describe("updateOrganization", "Rename an organization or change its slug", "Fields left out stay unchanged; a slug in use is a 409.")
            .AcceptsJson<UpdateOrganizationBody>()
            .ProducesJson<AdminOrganizationJson>()
            .ProducesAdminProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)
            .WithExamples(request: new UpdateOrganizationBody("Acme Inc", "acme"), response: AdminOrganizationJson.Example with { Name = "Acme Inc", Slug = "acme" });

        organizations.MapDelete("/{organizationId:int}", DeleteOrganization)
            .Describe("deleteOrganization", "Delete an organization",
                "Only an empty organization (no members, no tasks) unless `cascade=true`, which also deletes its memberships and tasks. "
                + "Not empty without cascade: 409 with `details.reason = \"not_empty\"` and the counts.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesAdminProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);

        organizations.MapGet("/{organizationId:int}/members", ListMembers)
            .Describe("listOrganizationMembers", "List the members of an organization", "Oldest membership first, with each member's e-mail and name.")
            .ProducesJson<PageJson<AdminOrganizationMemberJson>>()
            .ProducesAdminProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound)
            .WithExamples(response: new PageJson<AdminOrganizationMemberJson>([AdminOrganizationMemberJson.Example], 1, 50, 1));

        organizations.MapPost("/{organizationId:int}/members", AddMember)
            .Describe("addOrganizationMember", "Add a user to an organization",
                "`role` is `owner`, `admin` or `member`. Unknown (or disabled) user or organization: 404; already a member: 409.")
            .AcceptsJson<AddMemberBody>()
            .ProducesJson<MemberJson>(StatusCodes.Status201Created)
            .ProducesAdminProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)
            .WithExamples(request: new AddMemberBody(42, "member"), response: new MemberJson(7, 42, "member", "2026-11-21T09:30:00Z"));

        organizations.MapGet("/{organizationId:int}/members/{userId:int}", GetMember)
            .Describe("getOrganizationMember", "Get one membership")
            .ProducesJson<AdminOrganizationMemberJson>()
            .ProducesAdminProblems(StatusCodes.Status404NotFound)
            .WithExamples(response: AdminOrganizationMemberJson.Example);

        organizations.MapPatch("/{organizationId:int}/members/{userId:int}", ChangeMemberRole)
            .Describe("changeOrganizationMemberRole", "Change a member's role in an organization")
            .AcceptsJson<ChangeRoleBody>()
            .ProducesJson<AdminOrganizationMemberJson>()
            .ProducesAdminProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound)
            .WithExamples(request: new ChangeRoleBody("admin"), response: AdminOrganizationMemberJson.Example with { Role = "admin" });

        organizations.MapDelete("/{organizationId:int}/members/{userId:int}", RemoveMember)
            .Describe("removeOrganizationMember", "Remove a user from an organization", "They no longer see the organization nor its tasks.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesAdminProblems(StatusCodes.Status404NotFound);

        organizations.MapGet("/{organizationId:int}/tasks", ListTasks)
            .Describe("listOrganizationTasks", "List an organization's tasks", "Most recently updated first; `status` is TODO, IN_PROGRESS, DONE or CANCELLED.")
            .ProducesJson<PageJson<AdminTaskJson>>()
            .ProducesAdminProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound)
            .WithExamples(response: new PageJson<AdminTaskJson>([AdminTaskJson.Example], 1, 50, 1));

        organizations.MapGet("/{organizationId:int}/tasks/{taskId:int}", GetTask)
            .Describe("getOrganizationTask", "Get one task of an organization", "With its owners, subtasks and parent.")
            .ProducesJson<AdminTaskDetailJson>()
            .ProducesAdminProblems(StatusCodes.Status404NotFound)
            .WithExamples(response: AdminTaskDetailJson.Example);

        return admin;
    }

    public static async Task<IResult> ListOrganizations(
        IMediator mediator,
        IMapper mapper,
        [Description("Part of the name or slug (case-insensitive)")] string? search,
        [Description("Page number, from 1 (default 1)")] int? page,
        [Description("Items per page, 1-200 (default 50)")] int? pageSize,
        CancellationToken ct)
    {
        var result = await mediator.Send(new ListAllOrganizationsQuery(search, page ?? 1, pageSize ?? Paging.DefaultPageSize), ct);
        return AdminResults.Ok(PageJson<AdminOrganizationJson>.From(result, mapper));
    }

    public static async Task<IResult> CreateOrganization(HttpContext context, IMediator mediator, IMapper mapper)
    {
        var body = await WireJson.ReadAsync<CreateOrganizationBody>(context.Request);
        var organization = await mediator.Send(new CreateOrganizationCommand(body.Name, body.Slug), context.RequestAborted);
        return AdminResults.Created(Location(organization.Id), mapper.Map<OrganizationDto, OrganizationJson>(organization));
    }

    public static async Task<IResult> GetOrganization(IMediator mediator, IMapper mapper, int organizationId, CancellationToken ct) =>
        AdminResults.Ok(mapper.Map<AdminOrganizationDto, AdminOrganizationJson>(await mediator.Send(new GetOrganizationQuery(organizationId), ct)));

    public static async Task<IResult> UpdateOrganization(HttpContext context, IMediator mediator, IMapper mapper, int organizationId)
    {
        var body = await WireJson.ReadAsync<UpdateOrganizationBody>(context.Request);
        var organization = await mediator.Send(new UpdateOrganizationCommand(organizationId, Optional.IfNotNull(body.Name), Optional.IfNotNull(body.Slug)), context.RequestAborted);
        return AdminResults.Ok(mapper.Map<AdminOrganizationDto, AdminOrganizationJson>(organization));
    }

    public static async Task<IResult> DeleteOrganization(
        IMediator mediator,
        int organizationId,
        [Description("true: also delete the organization's memberships and tasks")] bool? cascade,
        CancellationToken ct)
    {
        await mediator.Send(new DeleteOrganizationCommand(organizationId, cascade ?? false), ct);
        return TypedResults.NoContent();
    }

    public static async Task<IResult> ListMembers(
        IMediator mediator,
        IMapper mapper,
        int organizationId,
        [Description("Page number, from 1 (default 1)")] int? page,
        [Description("Items per page, 1-200 (default 50)")] int? pageSize,
        CancellationToken ct)
    {
        var result = await mediator.Send(new ListOrganizationMembersQuery(organizationId, page ?? 1, pageSize ?? Paging.DefaultPageSize), ct);
        return AdminResults.Ok(PageJson<AdminOrganizationMemberJson>.From(result, mapper));
    }

    public static async Task<IResult> AddMember(int organizationId, HttpContext context, IMediator mediator, IMapper mapper)
    {
        var body = await WireJson.ReadAsync<AddMemberBody>(context.Request);
        var member = await mediator.Send(new AddOrganizationMemberCommand(organizationId, body.UserId, body.Role), context.RequestAborted);
        return AdminResults.Created(MemberLocation(member.OrganizationId, member.UserId), mapper.Map<OrganizationMemberDto, MemberJson>(member));
    }

    public static async Task<IResult> GetMember(IMediator mediator, IMapper mapper, int organizationId, int userId, CancellationToken ct) =>
        AdminResults.Ok(mapper.Map<AdminOrganizationMemberDto, AdminOrganizationMemberJson>(await mediator.Send(new GetOrganizationMemberQuery(organizationId, userId), ct)));

    public static async Task<IResult> ChangeMemberRole(HttpContext context, IMediator mediator, IMapper mapper, int organizationId, int userId)
    {
        var body = await WireJson.ReadAsync<ChangeRoleBody>(context.Request);
        var member = await mediator.Send(new ChangeOrganizationMemberRoleCommand(organizationId, userId, body.Role), context.RequestAborted);
        return AdminResults.Ok(mapper.Map<AdminOrganizationMemberDto, AdminOrganizationMemberJson>(member));
    }

    public static async Task<IResult> RemoveMember(IMediator mediator, int organizationId, int userId, CancellationToken ct)
    {
        await mediator.Send(new RemoveOrganizationMemberCommand(organizationId, userId), ct);
        return TypedResults.NoContent();
    }

    public static async Task<IResult> ListTasks(
        IMediator mediator,
        IMapper mapper,
        int organizationId,
        [Description("Only tasks with this status: TODO, IN_PROGRESS, DONE or CANCELLED")] string? status,
        [Description("Page number, from 1 (default 1)")] int? page,
        [Description("Items per page, 1-200 (default 50)")] int? pageSize,
        CancellationToken ct)
    {
        var result = await mediator.Send(new ListOrganizationTasksQuery(organizationId, status, page ?? 1, pageSize ?? Paging.DefaultPageSize), ct);
        return AdminResults.Ok(PageJson<AdminTaskJson>.From(result, mapper));
    }

    public static async Task<IResult> GetTask(IMediator mediator, IMapper mapper, int organizationId, int taskId, CancellationToken ct) =>
        AdminResults.Ok(mapper.Map<TaskDetailDto, AdminTaskDetailJson>(await mediator.Send(new GetOrganizationTaskQuery(organizationId, taskId), ct)));

    public static string Location(int organizationId) => string.Create(CultureInfo.InvariantCulture, $"{BasePath}/{organizationId}");

    public static string MemberLocation(int organizationId, int userId) =>
        string.Create(CultureInfo.InvariantCulture, $"{BasePath}/{organizationId}/members/{userId}");

    public sealed record CreateOrganizationBody(string? Name, string? Slug);

    public sealed record UpdateOrganizationBody(string? Name, string? Slug);

    public sealed record AddMemberBody(int? UserId, string? Role);

    public sealed record ChangeRoleBody(string? Role);

    /// <summary>The organization as created (the answer of POST).</summary>
    public sealed record OrganizationJson(int Id, string Name, string Slug, string CreatedAt);

    /// <summary>The membership as created (the answer of POST …/members).</summary>
    public sealed record MemberJson(int OrganizationId, int UserId, string Role, string CreatedAt);
}

/// <summary>An organization with its member and task counts.</summary>
public sealed record AdminOrganizationJson(int Id, string Name, string Slug, string? Logo, string CreatedAt, int MemberCount, int TaskCount)
{
    internal static readonly AdminOrganizationJson Example = new(7, "Acme Corp", "acme-corp", null, "2026-11-21T09:30:00Z", 3, 12);
}

/// <summary>A membership with the member's e-mail and name (null if the user record is gone).</summary>
public sealed record AdminOrganizationMemberJson(int OrganizationId, int UserId, string Role, string CreatedAt, string? Email, string? Name, bool UserDisabled)
{
    internal static readonly AdminOrganizationMemberJson Example = new(7, 42, "member", "2026-11-21T09:30:00Z", "ada@example.com", "Ada Lovelace", false);
}

/// <summary>A task in a list. <c>description</c> is any JSON value (or null when the task has none).</summary>
public sealed record AdminTaskJson(
    int Id, int OrganizationId, string Title, JsonElement? Description, string Status, string? CompletedAt, string? Assignee, string CreatedAt, string UpdatedAt)
{
    internal static readonly AdminTaskJson Example = new(
        101, 7, "Ship the release", JsonSerializer.SerializeToElement(new { text = "Tag, build, publish" }), "IN_PROGRESS", null, "ada",
        "2026-11-20T08:00:00Z", "2026-11-21T09:00:00Z");
}

/// <summary>A task with its owners, subtasks and parent.</summary>
public sealed record AdminTaskDetailJson(
    int Id,
    int OrganizationId,
    string Title,
    JsonElement? Description,
    string Status,
    string? CompletedAt,
    int? ParentId,
    string? Assignee,
    string CreatedAt,
    string UpdatedAt,
    IReadOnlyList<AdminTaskOwnerJson> Owners,
    IReadOnlyList<AdminSubtaskJson> Subtasks,
    AdminTaskParentJson? Parent)
{
    internal static readonly AdminTaskDetailJson Example = new(
        101, 7, "Ship the release", JsonSerializer.SerializeToElement(new { text = "Tag, build, publish" }), "IN_PROGRESS", null, 100, "ada",
        "2026-11-20T08:00:00Z", "2026-11-21T09:00:00Z",
        [new AdminTaskOwnerJson(5, 42, true, "2026-11-20T08:00:00Z", new AdminTaskOwnerUserJson(42, "Ada Lovelace", "ada@example.com"))],
        [new AdminSubtaskJson(102, "Write the changelog", "DONE", "2026-11-21T08:30:00Z")],
        new AdminTaskParentJson(100, "Release 2.0"));
}

public sealed record AdminTaskOwnerJson(int Id, int UserId, bool IsPrimary, string AssignedAt, AdminTaskOwnerUserJson? User);

public sealed record AdminTaskOwnerUserJson(int Id, string Name, string Email);

public sealed record AdminSubtaskJson(int Id, string Title, string Status, string? CompletedAt);

public sealed record AdminTaskParentJson(int Id, string Title);
