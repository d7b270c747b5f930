using System.ComponentModel;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Platform.Application.Boards.Common;
using Platform.Application.Common.Security;
using Platform.Application.Common.Tools;

namespace Platform.Application.Boards.Members.RemoveMember;

/// <summary>
/// A maintainer removes a member (themselves included while another maintainer remains); the
/// member's todos in the project become unassigned.
/// </summary>
[Authorize(Scope = Scopes.ProjectsWrite)]
[Tool("members.remove",
    "Remove a member from the project (maintainers); their todos there become unassigned. "
    + "The last maintainer stays.", Destructive = true, Title = "Remove member")]
public sealed record RemoveMemberCommand(
    [property: Description("The project's slug (from projects.list).")] string? ProjectSlug,
    [property: Description("The user's id.")] int? UserId) : IRequest<Unit>;

internal sealed class RemoveMemberCommandValidator : AbstractValidator<RemoveMemberCommand>
{
    public RemoveMemberCommandValidator()
    {
        ClassLevelCascadeMode = CascadeMode.Stop;
        RuleFor(x => x.ProjectSlug).RequiredSlug();
        RuleFor(x => x.UserId).PositiveId("userId");
    }
}

internal sealed class RemoveMemberCommandHandler(IBoardsDbContext db, ICurrentUser currentUser) : IRequestHandler<RemoveMemberCommand, Unit>
{
    public async Task<Unit> Handle(RemoveMemberCommand request, CancellationToken cancellationToken)
    {
        var access = await db.ResolveProjectAsync(request.ProjectSlug, currentUser.RequireUserId(), cancellationToken);
        access.RequireMaintainerOrHigher();

        await using var scope = await db.LockProjectAsync(access.ProjectId, cancellationToken);
        var member = await db.FindMemberAsync(access.ProjectId, request.UserId!.Value, cancellationToken);
        member.EnsureRemovable(await db.MaintainerCountAsync(access.ProjectId, cancellationToken));
        await db.Todos.Where(t => t.ProjectId == access.ProjectId && t.AssigneeUserId == member.UserId)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.AssigneeUserId, (int?)null), cancellationToken);
        db.ProjectMembers.Remove(member);
        await db.SaveChangesAsync(cancellationToken);
        await scope.CommitAsync(cancellationToken);
        return Unit.Value;
    }
}
