using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Platform.Application.Boards.Common;
using Platform.Application.Identity.Directory;
using Platform.Domain.Boards;

namespace Platform.Application.Boards.Members;

internal static class MemberRules
{
    /// <summary>The role checks of members.add / members.updateRole: present, and one of maintainer, contributor, viewer.</summary>
    public static void AssignableRole<T>(this IRuleBuilderInitial<T, string?> rule) =>
        rule.Must(r => !string.IsNullOrWhiteSpace(r)).WithError(BoardErrors.Required("role"))
            .Must(r => ProjectRoles.TryParseAssignable(r, out _)).WithError(BoardErrors.RoleUnsupported());

    public static async Task<ProjectMember> FindMemberAsync(this IBoardsDbContext db, int projectId, int userId, CancellationToken ct) =>
        await db.ProjectMembers.FirstOrDefaultAsync(m => m.ProjectId == projectId && m.UserId == userId, ct) ?? throw BoardErrors.NoMember();

    public static async Task<int> MaintainerCountAsync(this IBoardsDbContext db, int projectId, CancellationToken ct)
    {
        var roles = await db.ProjectMembers.Where(m => m.ProjectId == projectId).Select(m => m.Role).ToListAsync(ct);
        return roles.Count(r => ProjectRoles.RankOf(r) == ProjectRole.Maintainer);
    }

    // Explicit (decision 0209): two sources (the membership and the directory's user) and a normalised role.
    public static MemberDto ToDto(ProjectMember member, UserSummary user) =>
        new(member.UserId, user.Email, user.Name, user.Image, ProjectRoles.Normalize(member.Role), member.CreatedAt);

    /// <summary>The member's user, read through the Identity module's directory.</summary>
    public static async Task<MemberDto> ToDtoAsync(this ProjectMember member, IUserDirectory users, CancellationToken ct)
    {
        var user = await users.FindAsync(member.UserId, ct) ?? throw BoardErrors.NoUser();
        return ToDto(member, user);
    }
}
