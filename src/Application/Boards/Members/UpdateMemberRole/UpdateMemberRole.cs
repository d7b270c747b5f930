using System.ComponentModel;
using FluentValidation;
using MediatR;
using Platform.Application.Boards.Common;
using Platform.Application.Common.Security;
using Platform.Application.Common.Tools;
using Platform.Application.Identity.Directory;
using Platform.Domain.Boards;

namespace Platform.Application.Boards.Members.UpdateMemberRole;

/// <summary>
/// A maintainer changes a member's role. Nobody demotes themselves and the last maintainer stays;
/// setting the current role is a no-op; legacy stored roles are overwritten with the canonical name.
/// </summary>
[Authorize(Scope = Scopes.ProjectsWrite)]
[Tool("members.updateRole",
    "Change a member's role (maintainers). You cannot demote yourself or the last maintainer.", Title = "Change member role")]
public sealed record UpdateMemberRoleCommand(
    [property: Description("The project's slug (from projects.list).")] string? ProjectSlug,
    [property: Description("The user's id.")] int? UserId,
    [property: Description("maintainer, contributor or viewer.")] string? Role) : IRequest<MemberDto>;

internal sealed class UpdateMemberRoleCommandValidator : AbstractValidator<UpdateMemberRoleCommand>
{
    public UpdateMemberRoleCommandValidator()
    {
        ClassLevelCascadeMode = CascadeMode.Stop;
        RuleLevelCascadeMode = CascadeMode.Stop;
        RuleFor(x => x.ProjectSlug).RequiredSlug();
        RuleFor(x => x.UserId).PositiveId("userId");
        RuleFor(x => x.Role).AssignableRole();
    }
}

internal sealed class UpdateMemberRoleCommandHandler(IBoardsDbContext db, ICurrentUser currentUser, IUserDirectory users)
    : IRequestHandler<UpdateMemberRoleCommand, MemberDto>
{
    public async Task<MemberDto> Handle(UpdateMemberRoleCommand request, CancellationToken cancellationToken)
    {
        ProjectRoles.TryParseAssignable(request.Role, out var role);
        var actorId = currentUser.RequireUserId();
        var access = await db.ResolveProjectAsync(request.ProjectSlug, actorId, cancellationToken);
        access.RequireMaintainerOrHigher();

        await using var scope = await db.LockProjectAsync(access.ProjectId, cancellationToken);
        var member = await db.FindMemberAsync(access.ProjectId, request.UserId!.Value, cancellationToken);
        var maintainers = await db.MaintainerCountAsync(access.ProjectId, cancellationToken);
        if (member.ChangeRole(role, actorId, maintainers))
        {
            await db.SaveChangesAsync(cancellationToken);
            await scope.CommitAsync(cancellationToken);
        }

        return await member.ToDtoAsync(users, cancellationToken);
    }
}
