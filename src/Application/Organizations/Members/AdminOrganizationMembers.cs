using Microsoft.EntityFrameworkCore;
using Platform.Application.Identity.Directory;
using Platform.Domain.Organizations;

namespace Platform.Application.Organizations.Members;

/// <summary>A membership as the admin API shows it, with the member's e-mail and name (from the user directory).</summary>
public sealed record AdminOrganizationMemberDto(
    int Id, int OrganizationId, int UserId, OrganizationRole Role, DateTimeOffset CreatedAt, string? Email, string? Name, bool UserDisabled);

internal static class AdminMembers
{
    public static async Task<IReadOnlyList<AdminOrganizationMemberDto>> WithUsersAsync(
        IReadOnlyList<OrganizationMemberDto> members, IUserDirectory users, CancellationToken ct)
    {
        var found = await users.GetManyAsync(members.Select(m => m.UserId).ToArray(), ct);

        // Explicit: two sources (the membership and the directory's user, absent for a deleted user).
        return members
            .Select(m => found.TryGetValue(m.UserId, out var u)
                ? new AdminOrganizationMemberDto(m.Id, m.OrganizationId, m.UserId, m.Role, m.CreatedAt, u.Email, u.Name, u.Disabled)
                : new AdminOrganizationMemberDto(m.Id, m.OrganizationId, m.UserId, m.Role, m.CreatedAt, null, null, false))
            .ToList();
    }

    public static async Task EnsureOrganizationExistsAsync(IOrganizationsDbContext db, int organizationId, CancellationToken ct)
    {
        if (!await db.Organizations.AnyAsync(o => o.Id == organizationId, ct))
        {
            throw OrganizationErrors.OrganizationNotFound(organizationId);
        }
    }

    public static async Task<OrganizationMember> LoadAsync(IOrganizationsDbContext db, int organizationId, int userId, CancellationToken ct)
    {
        await EnsureOrganizationExistsAsync(db, organizationId, ct);
        return await db.OrganizationMembers.FirstOrDefaultAsync(m => m.OrganizationId == organizationId && m.UserId == userId, ct)
            ?? throw OrganizationErrors.MemberNotFound(organizationId, userId);
    }
}
