using System.Text.Json.Serialization;
using MapsterMapper;
using MediatR;
using Platform.Application.Boards.Common;
using Platform.Application.Boards.Projects.CreateProject;
using Platform.Application.Boards.Projects.CreateProjectTag;
using Platform.Domain.Boards;
using Platform.Web.Api.OpenApi;
using Platform.Web.Http;

namespace Platform.Web.Api;

/// <summary>
/// REST setup endpoints of the Boards module (cookie session + <c>X-Scrumboy: 1</c>, the /api error
/// object): create a project (optionally with a custom workflow) and create a shared project tag.
/// </summary>
public static class ProjectEndpoints
{
    public static IEndpointRouteBuilder MapProjectApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/projects", CreateProject)
            .WithTags("Projects")
            .Describe("createProject", "Create a project (the caller becomes its maintainer)",
                "Optionally with a custom `workflow` (2 to 12 lanes, exactly one `isDone`; array order is the lane order).")
            .AcceptsJson<CreateProjectBody>()
            .ProducesJson<ProjectJson>(StatusCodes.Status201Created)
            .ProducesApiErrors(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden,
                StatusCodes.Status500InternalServerError)
            .WithExamples(
                request: new CreateProjectBody("Website relaunch", null),
                response: new ProjectJson(
                    3, "Website relaunch", "/scrumboy.png", "#888888", 2, null, 7, "website-relaunch", "2026-11-21T09:30:00Z", "2026-11-21T09:30:00Z"));
        app.MapPost("/api/projects/{slug}/tags", CreateProjectTag)
            .WithTags("Projects")
            .Describe("createProjectTag", "Create a shared tag in a project (maintainers)", "A tag name already used in the project is a 409.")
            .AcceptsJson<CreateProjectTagBody>()
            .ProducesJson<ProjectTagJson>(StatusCodes.Status201Created)
            .ProducesApiErrors(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden,
                StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status500InternalServerError)
            .WithExamples(request: new CreateProjectTagBody("backend", "#3366ff"), response: new ProjectTagJson(12, "backend", 0, "#3366ff", true));
        return app;
    }

    /// <summary>201 with the project (envelope-dialect.md §11); the caller becomes its maintainer.</summary>
    public static async Task<IResult> CreateProject(HttpContext context, IMediator mediator, IMapper mapper)
    {
        var body = await WireJson.ReadAsync<CreateProjectBody>(context.Request);
        var workflow = body.Workflow?.Select(c => new WorkflowColumnRequest(c.Key, c.Name, c.Color, c.IsDone ?? false)).ToList();
        var project = await mediator.Send(new CreateProjectCommand(body.Name, workflow), context.RequestAborted);
        return TypedResults.Json(mapper.Map<ProjectDto, ProjectJson>(project), WireJson.Options, statusCode: StatusCodes.Status201Created);
    }

    /// <summary>201 with the tag (tags.listProject item shape). Maintainers only; a duplicate name is 409.</summary>
    public static async Task<IResult> CreateProjectTag(HttpContext context, IMediator mediator, IMapper mapper, string slug)
    {
        var body = await WireJson.ReadAsync<CreateProjectTagBody>(context.Request);
        var tag = await mediator.Send(new CreateProjectTagCommand(slug, body.Name, body.Color), context.RequestAborted);
        return TypedResults.Json(mapper.Map<ProjectTagDto, ProjectTagJson>(tag), WireJson.Options, statusCode: StatusCodes.Status201Created);
    }

    public sealed record CreateProjectBody(string? Name, IReadOnlyList<WorkflowColumnBody>? Workflow);

    /// <summary>A lane of a custom workflow; the array order is the lane order (<see cref="Position"/> is accepted and ignored).</summary>
    public sealed record WorkflowColumnBody(string? Key, string? Name, string? Color, int? Position, bool? IsDone);

    public sealed record CreateProjectTagBody(string? Name, string? Color);

    /// <summary>A created project, fields in §11's order: <c>expiresAt</c> is null for durable projects, <c>creatorUserId</c> omitted when unknown.</summary>
    public sealed record ProjectJson(
        int Id, string Name, string? Image, string DominantColor, int DefaultSprintWeeks, string? ExpiresAt,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? CreatorUserId,
        string Slug, string CreatedAt, string UpdatedAt);

    /// <summary>A created shared tag (the tags.listProject item's fields).</summary>
    public sealed record ProjectTagJson(int TagId, string Name, int Count, string? Color, bool CanDelete);
}
