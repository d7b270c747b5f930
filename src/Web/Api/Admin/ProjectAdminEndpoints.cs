using System.ComponentModel;
using MapsterMapper;
using MediatR;
using Platform.Application.Boards.Members.ListProjectMembers;
using Platform.Application.Boards.Projects.GetProject;
using Platform.Application.Boards.Projects.ListAllProjects;
using Platform.Application.Boards.Projects.TransferMaintainership;
using Platform.Application.Common.Paging;
using Platform.Web.Api.OpenApi;
using Platform.Web.Http;

namespace Platform.Web.Api.Admin;

/// <summary><c>/api/admin/projects</c>: every board project, its members, and handing maintainership over.</summary>
public static class ProjectAdminEndpoints
{
    private const string Tag = "Admin projects";

    public static RouteGroupBuilder MapAdminProjects(this RouteGroupBuilder admin)
    {
        var projects = admin.MapGroup("/projects").WithTags(Tag);

        projects.MapGet("", ListProjects)
            .Describe("listProjects", "List all projects (paged, searchable)",
                "Every project regardless of membership, oldest first, with member, maintainer and todo counts. `search` matches part of the name or slug.")
            .ProducesJson<PageJson<AdminProjectJson>>()
            .ProducesAdminProblems(StatusCodes.Status400BadRequest)
            .WithExamples(response: new PageJson<AdminProjectJson>([AdminProjectJson.Example], 1, 50, 1));

        projects.MapGet("/{projectId:int}", GetProject)
            .Describe("getProject", "Get one project")
            .ProducesJson<AdminProjectJson>()
            .ProducesAdminProblems(StatusCodes.Status404NotFound)
            .WithExamples(response: AdminProjectJson.Example);

        projects.MapGet("/{projectId:int}/members", ListMembers)
            .Describe("listProjectMembers", "List a project's members", "In the order they joined; legacy roles are shown normalised (owner ⇒ maintainer, editor ⇒ contributor).")
            .ProducesJson<PageJson<AdminProjectMemberJson>>()
            .ProducesAdminProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound)
            .WithExamples(response: new PageJson<AdminProjectMemberJson>([AdminProjectMemberJson.Example], 1, 50, 1));

        projects.MapPost("/{projectId:int}/maintainership", TransferMaintainership)
            .Describe("transferProjectMaintainership", "Hand a project over to a user",
                "The user becomes a maintainer (joining the project if needed); unless `keepPreviousMaintainers` is true the previous maintainers become contributors. "
                + "Unknown or disabled user: 404. The acting admin cannot demote themselves (409).")
            .AcceptsJson<TransferBody>()
            .ProducesJson<MaintainershipTransferJson>()
            .ProducesAdminProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)
            .WithExamples(
                request: new TransferBody(42, false),
                response: new MaintainershipTransferJson(
                    [AdminProjectMemberJson.Example, AdminProjectMemberJson.Example with { UserId = 7, Email = "former@example.com", Name = "Former", Role = "contributor" }],
                    false, [7]));

        return admin;
    }

    public static async Task<IResult> ListProjects(
        IMediator mediator,
        IMapper mapper,
        [Description("Part of the name or slug (case-insensitive)")] string? search,
        [Description("Page number, from 1 (default 1)")] int? page,
        [Description("Items per page, 1-200 (default 50)")] int? pageSize,
        CancellationToken ct)
    {
        var result = await mediator.Send(new ListAllProjectsQuery(search, page ?? 1, pageSize ?? Paging.DefaultPageSize), ct);
        return AdminResults.Ok(PageJson<AdminProjectJson>.From(result, mapper));
    }

    public static async Task<IResult> GetProject(IMediator mediator, IMapper mapper, int projectId, CancellationToken ct) =>
        AdminResults.Ok(mapper.Map<AdminProjectDto, AdminProjectJson>(await mediator.Send(new GetProjectQuery(projectId), ct)));

    public static async Task<IResult> ListMembers(
        IMediator mediator,
        IMapper mapper,
        int projectId,
        [Description("Page number, from 1 (default 1)")] int? page,
        [Description("Items per page, 1-200 (default 50)")] int? pageSize,
        CancellationToken ct)
    {
        var result = await mediator.Send(new ListProjectMembersQuery(projectId, page ?? 1, pageSize ?? Paging.DefaultPageSize), ct);
        return AdminResults.Ok(PageJson<AdminProjectMemberJson>.From(result, mapper));
    }

    public static async Task<IResult> TransferMaintainership(HttpContext context, IMediator mediator, IMapper mapper, int projectId)
    {
        var body = await WireJson.ReadAsync<TransferBody>(context.Request);
        var result = await mediator.Send(new TransferMaintainershipCommand(projectId, body.UserId, body.KeepPreviousMaintainers ?? false), context.RequestAborted);
        return AdminResults.Ok(mapper.Map<MaintainershipTransferDto, MaintainershipTransferJson>(result));
    }

    public sealed record TransferBody(int? UserId, bool? KeepPreviousMaintainers);
}

/// <summary>A project with its member, maintainer and todo counts.</summary>
public sealed record AdminProjectJson(
    int Id, string Slug, string Name, int? CreatorUserId, string CreatedAt, string UpdatedAt, int MemberCount, int MaintainerCount, int TodoCount)
{
    internal static readonly AdminProjectJson Example =
        new(3, "website-relaunch", "Website relaunch", 1, "2026-11-01T10:00:00Z", "2026-11-21T09:12:30Z", 4, 1, 57);
}

/// <summary>A project member (role: maintainer, contributor or viewer).</summary>
public sealed record AdminProjectMemberJson(int UserId, string Email, string Name, string? Image, string Role, string CreatedAt)
{
    internal static readonly AdminProjectMemberJson Example = new(42, "ada@example.com", "Ada Lovelace", null, "maintainer", "2026-11-01T10:00:00Z");
}

/// <summary>The members after a hand-over, whether the new maintainer joined, and who stepped down to contributor.</summary>
public sealed record MaintainershipTransferJson(IReadOnlyList<AdminProjectMemberJson> Members, bool Joined, IReadOnlyList<int> DemotedUserIds);
