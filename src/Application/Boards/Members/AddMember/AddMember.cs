using System.ComponentModel;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Platform.Application.Boards.Common;
using Platform.Application.Common.Security;
using Platform.Application.Common.Tools;
using Platform.Application.Identity.Directory;
using Platform.Domain.Boards;

namespace Platform.Application.Boards.Members.AddMember;

/// <summary>A maintainer adds an existing user to the project as maintainer, contributor or viewer.</summary>
[Authorize(Scope = Scopes.ProjectsWrite)]
[Tool("members.add",
    "Add a user to the project as maintainer, contributor or viewer (maintainers).", Title = "Add member")]
public sealed record AddMemberCommand(
    [property: Description("The project's slug (from projects.list).")] string? ProjectSlug,
    [property: Description("The user's id.")] int? UserId,
    [property: Description("maintainer, contributor or viewer.")] string? Role) : IRequest<MemberDto>;

internal sealed class AddMemberCommandValidator : AbstractValidator<AddMemberCommand>
{
    public AddMemberCommandValidator()
    {
        ClassLevelCascadeMode = CascadeMode.Stop;
        RuleLevelCascadeMode = CascadeMode.Stop;
        RuleFor(x => x.ProjectSlug).RequiredSlug();
        RuleFor(x => x.UserId).PositiveId("userId");
        RuleFor(x => x.Role).AssignableRole();
    }
}

internal sealed class AddMemberCommandHandler(IBoardsDbContext db, ICurrentUser currentUser, IUserDirectory users, TimeProvider clock)
    : IRequestHandler<AddMemberCommand, MemberDto>
{
    public async Task<MemberDto> Handle(AddMemberCommand request, CancellationToken cancellationToken)
    {
        ProjectRoles.TryParseAssignable(request.Role, out var role);
        var access = await db.ResolveProjectAsync(request.ProjectSlug, currentUser.RequireUserId(), cancellationToken);
        access.RequireMaintainerOrHigher();
        var user = await users.FindAsync(request.UserId!.Value, cancellationToken) ?? throw BoardErrors.NoUser();

        await using var scope = await db.LockProjectAsync(access.ProjectId, cancellationToken);
        if (await db.ProjectMembers.AnyAsync(m => m.ProjectId == access.ProjectId && m.UserId == user.Id, cancellationToken))
        {
            throw BoardErrors.MemberExists();
        }

        var member = ProjectMember.Create(access.ProjectId, user.Id, role, clock.GetUtcNow());
        db.ProjectMembers.Add(member);
        await db.SaveChangesAsync(cancellationToken);
        await scope.CommitAsync(cancellationToken);
        return MemberRules.ToDto(member, user);
    }
}
