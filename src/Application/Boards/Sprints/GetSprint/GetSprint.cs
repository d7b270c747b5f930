using MediatR;
using Platform.Application.Boards.Common;
using Platform.Application.Common.Security;

namespace Platform.Application.Boards.Sprints.GetSprint;

[Authorize]
public sealed record GetSprintQuery(string? ProjectSlug, int? SprintId) : IRequest<SprintDto>;

internal sealed class GetSprintQueryValidator() : SprintRequestValidator<GetSprintQuery>(x => x.ProjectSlug, x => x.SprintId);

internal sealed class GetSprintQueryHandler(IBoardsDbContext db, ICurrentUser currentUser) : IRequestHandler<GetSprintQuery, SprintDto>
{
    public async Task<SprintDto> Handle(GetSprintQuery request, CancellationToken cancellationToken)
    {
        var access = await db.ResolveProjectAsync(request.ProjectSlug, currentUser.RequireUserId(), cancellationToken);
        return SprintDto.From(await db.FindSprintAsync(access.ProjectId, request.SprintId!.Value, cancellationToken));
    }
}
