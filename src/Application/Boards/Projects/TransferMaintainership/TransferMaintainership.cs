using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Platform.Application.Boards.Common;
using Platform.Application.Boards.Members;
using Platform.Application.Boards.Projects.GetProject;
using Platform.Application.Common.Auditing;
using Platform.Application.Common.Security;
using Platform.Application.Identity.Directory;
using Platform.Domain.Boards;
using Platform.Domain.Identity;

namespace Platform.Application.Boards.Projects.TransferMaintainership;

/// <summary>
/// An admin hands a project over to a user (e.g. when its maintainers left): the user becomes a
/// maintainer (joining the project if needed), and unless <see cref="KeepPreviousMaintainers"/> the
/// previous maintainers become contributors. The module's member rules still hold (the acting
/// admin cannot demote themselves; a project always keeps a maintainer).
/// </summary>
[Authorize(Roles = [SystemRole.Owner, SystemRole.Admin])]
public sealed record TransferMaintainershipCommand(int ProjectId, int? UserId, bool KeepPreviousMaintainers = false)
    : IRequest<MaintainershipTransferDto>, IAuditedRequest<MaintainershipTransferDto>
{
    public AuditDescription DescribeAudit(MaintainershipTransferDto response) =>
        AuditDescription.For("project.transfer_maintainership", "project", ProjectId, new Dictionary<string, object?>
        {
            ["userId"] = UserId,
            ["joined"] = response.Joined,
            ["demotedUserIds"] = response.DemotedUserIds,
        });
}

/// <summary>The members after the transfer, whether the new maintainer had to join, and who was demoted.</summary>
public sealed record MaintainershipTransferDto(IReadOnlyList<MemberDto> Members, bool Joined, IReadOnlyList<int> DemotedUserIds);

internal sealed class TransferMaintainershipCommandValidator : AbstractValidator<TransferMaintainershipCommand>
{
    public TransferMaintainershipCommandValidator() =>
        RuleFor(c => c.UserId).NotNull().WithError(BoardErrors.AdminUserIdRequired()).GreaterThan(0).WithError(BoardErrors.AdminUserIdNotPositive());
}

internal sealed class TransferMaintainershipCommandHandler(IBoardsDbContext db, IUserDirectory users, ICurrentUser currentUser, TimeProvider clock)
    : IRequestHandler<TransferMaintainershipCommand, MaintainershipTransferDto>
{
    public async Task<MaintainershipTransferDto> Handle(TransferMaintainershipCommand request, CancellationToken cancellationToken)
    {
        var userId = request.UserId!.Value;
        var actorId = currentUser.RequireUserId();
        await AdminProjects.EnsureExistsAsync(db, request.ProjectId, cancellationToken);
        if (await users.FindAsync(userId, cancellationToken) is not { Disabled: false })
        {
            throw BoardErrors.AdminUserNotFound(userId);
        }

        await using var scope = await db.LockProjectAsync(request.ProjectId, cancellationToken);
        var members = await db.ProjectMembers.Where(m => m.ProjectId == request.ProjectId).ToListAsync(cancellationToken);

        // Promote (or add) first, so the project never lacks a maintainer while the others step down.
        var target = members.Find(m => m.UserId == userId);
        var joined = target is null;
        if (target is null)
        {
            target = ProjectMember.Create(request.ProjectId, userId, ProjectRole.Maintainer, clock.GetUtcNow());
            db.ProjectMembers.Add(target);
            members.Add(target);
        }
        else
        {
            target.ChangeRole(ProjectRole.Maintainer, actorId, MaintainerCount(members));
        }

        var demoted = new List<int>();
        if (!request.KeepPreviousMaintainers)
        {
            foreach (var previous in members.Where(m => m.UserId != userId && m.Rank == ProjectRole.Maintainer).ToList())
            {
                previous.ChangeRole(ProjectRole.Contributor, actorId, MaintainerCount(members));
                demoted.Add(previous.UserId);
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        await scope.CommitAsync(cancellationToken);

        var known = await users.GetManyAsync(members.Select(m => m.UserId).ToList(), cancellationToken);
        var result = members
            .OrderBy(m => m.CreatedAt).ThenBy(m => m.UserId)
            .Where(m => known.ContainsKey(m.UserId))
            .Select(m => MemberRules.ToDto(m, known[m.UserId]))
            .ToList();
        return new MaintainershipTransferDto(result, joined, demoted);
    }

    private static int MaintainerCount(IEnumerable<ProjectMember> members) => members.Count(m => m.Rank == ProjectRole.Maintainer);
}
