using System.ComponentModel;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Platform.Application.Boards.Common;
using Platform.Application.Common.Security;
using Platform.Application.Common.Tools;
using Platform.Domain.Boards;

namespace Platform.Application.Boards.Sprints.GetActiveSprint;

/// <summary>The project's ACTIVE sprint, or null when none is active.</summary>
[Authorize(Scope = Scopes.ProjectsRead)]
[Tool("sprints.getActive",
    "Get the project's ACTIVE sprint, or null when none is active.", ReadOnly = true, Idempotent = true, Title = "Get active sprint")]
public sealed record GetActiveSprintQuery(
    [property: Description("The project's slug (from projects.list).")] string? ProjectSlug) : IRequest<SprintDto?>;

internal sealed class GetActiveSprintQueryValidator : AbstractValidator<GetActiveSprintQuery>
{
    public GetActiveSprintQueryValidator() => RuleFor(x => x.ProjectSlug).RequiredSlug();
}

internal sealed class GetActiveSprintQueryHandler(IBoardsDbContext db, ICurrentUser currentUser) : IRequestHandler<GetActiveSprintQuery, SprintDto?>
{
    public async Task<SprintDto?> Handle(GetActiveSprintQuery request, CancellationToken cancellationToken)
    {
        var access = await db.ResolveProjectAsync(request.ProjectSlug, currentUser.RequireUserId(), cancellationToken);
        var active = await db.Sprints.AsNoTracking()
            .Where(s => s.ProjectId == access.ProjectId && s.State == SprintState.Active)
            .OrderBy(s => s.Number)
            .FirstOrDefaultAsync(cancellationToken);
        return active is null ? null : SprintDto.From(active);
    }
}
