using System.ComponentModel;
using MediatR;
using Platform.Application.Boards.Common;
using Platform.Application.Common.Security;
using Platform.Application.Common.Tools;

namespace Platform.Application.Boards.Sprints.GetSprint;

[Authorize(Scope = Scopes.ProjectsRead)]
[Tool("sprints.get",
    "Get one sprint of the project.", ReadOnly = true, Idempotent = true, Title = "Get sprint")]
public sealed record GetSprintQuery(
    [property: Description("The project's slug (from projects.list).")] string? ProjectSlug,
    [property: Description("The sprint's id (from sprints.list).")] int? SprintId) : IRequest<SprintDto>;

internal sealed class GetSprintQueryValidator() : SprintRequestValidator<GetSprintQuery>(x => x.ProjectSlug, x => x.SprintId);

internal sealed class GetSprintQueryHandler(IBoardsDbContext db, ICurrentUser currentUser) : IRequestHandler<GetSprintQuery, SprintDto>
{
    public async Task<SprintDto> Handle(GetSprintQuery request, CancellationToken cancellationToken)
    {
        var access = await db.ResolveProjectAsync(request.ProjectSlug, currentUser.RequireUserId(), cancellationToken);
        return SprintDto.From(await db.FindSprintAsync(access.ProjectId, request.SprintId!.Value, cancellationToken));
    }
}
