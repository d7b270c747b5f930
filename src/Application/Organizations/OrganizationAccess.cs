using Microsoft.EntityFrameworkCore;
using Platform.Domain.Organizations;

namespace Platform.Application.Organizations;

/// <summary>
/// The one membership rule of the module: a user sees an organization, and the tasks inside it,
/// only while they are a member. Every task query either goes through these filters or starts from
/// the user's memberships (list_tasks).
/// </summary>
internal static class OrganizationAccess
{
    /// <summary>Tasks in organizations <paramref name="userId"/> is a member of (an EXISTS semi-join, one query).</summary>
    public static IQueryable<WorkTask> VisibleTo(this IQueryable<WorkTask> tasks, IOrganizationsDbContext db, int userId) =>
        tasks.Where(t => db.OrganizationMembers.Any(m => m.OrganizationId == t.OrganizationId && m.UserId == userId));

    public static Task<bool> IsMemberAsync(this IOrganizationsDbContext db, int organizationId, int userId, CancellationToken ct) =>
        db.OrganizationMembers.AnyAsync(m => m.OrganizationId == organizationId && m.UserId == userId, ct);
}
