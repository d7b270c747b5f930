using MediatR;
using Platform.Application.Boards.Projects.CreateProject;
using Platform.Application.Boards.Projects.CreateProjectTag;
using Platform.Domain.Boards;
using Platform.Web.Mcp.Scrumboy;
using Platform.Web.OpenApi;

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
            .ProducesJson<ScrumboyWire.ProjectItem>(StatusCodes.Status201Created)
            .ProducesApiErrors(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden,
                StatusCodes.Status500InternalServerError)
            .WithExamples(
                request: new CreateProjectBody("Website relaunch", null),
                response: new ScrumboyWire.ProjectItem(
                    "website-relaunch", 3, "Website relaunch", "/scrumboy.png", "#888888", 2, null, "2026-11-21T09:30:00Z", "2026-11-21T09:30:00Z", "maintainer"));
        app.MapPost("/api/projects/{slug}/tags", CreateProjectTag)
            .WithTags("Projects")
            .Describe("createProjectTag", "Create a shared tag in a project (maintainers)", "A tag name already used in the project is a 409.")
            .AcceptsJson<CreateProjectTagBody>()
            .ProducesJson<ScrumboyWire.ProjectTagItem>(StatusCodes.Status201Created)
            .ProducesApiErrors(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden,
                StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status500InternalServerError)
            .WithExamples(request: new CreateProjectTagBody("backend", "#3366ff"), response: new ScrumboyWire.ProjectTagItem(12, "backend", 0, "#3366ff", true));
        return app;
    }

    /// <summary>201 with the project (projects.list item shape); the caller becomes its maintainer.</summary>
    public static async Task<IResult> CreateProject(HttpContext context, IMediator mediator)
    {
        var body = await ApiJson.ReadAsync<CreateProjectBody>(context.Request);
        var workflow = body.Workflow?.Select(c => new WorkflowColumnRequest(c.Key, c.Name, c.Color, c.IsDone ?? false)).ToList();
        var project = await mediator.Send(new CreateProjectCommand(body.Name, workflow), context.RequestAborted);
        return TypedResults.Json(ScrumboyWire.Project(project), ApiJson.Options, statusCode: StatusCodes.Status201Created);
    }

    /// <summary>201 with the tag (tags.listProject item shape). Maintainers only; a duplicate name is 409.</summary>
    public static async Task<IResult> CreateProjectTag(HttpContext context, IMediator mediator, string slug)
    {
        var body = await ApiJson.ReadAsync<CreateProjectTagBody>(context.Request);
        var tag = await mediator.Send(new CreateProjectTagCommand(slug, body.Name, body.Color), context.RequestAborted);
        return TypedResults.Json(ScrumboyWire.ProjectTag(tag), ApiJson.Options, statusCode: StatusCodes.Status201Created);
    }

    public sealed record CreateProjectBody(string? Name, IReadOnlyList<WorkflowColumnBody>? Workflow);

    /// <summary>A lane of a custom workflow; the array order is the lane order (<see cref="Position"/> is accepted and ignored).</summary>
    public sealed record WorkflowColumnBody(string? Key, string? Name, string? Color, int? Position, bool? IsDone);

    public sealed record CreateProjectTagBody(string? Name, string? Color);
}
