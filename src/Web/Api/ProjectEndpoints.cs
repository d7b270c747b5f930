using MediatR;
using Platform.Application.Boards.Projects.CreateProject;
using Platform.Application.Boards.Projects.CreateProjectTag;
using Platform.Domain.Boards;
using Platform.Web.Mcp.Scrumboy;

namespace Platform.Web.Api;

/// <summary>
/// REST setup endpoints of the Boards module (cookie session + <c>X-Scrumboy: 1</c>, the /api error
/// object): create a project (optionally with a custom workflow) and create a shared project tag.
/// </summary>
public static class ProjectEndpoints
{
    public static IEndpointRouteBuilder MapProjectApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/projects", CreateProject);
        app.MapPost("/api/projects/{slug}/tags", CreateProjectTag);
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
