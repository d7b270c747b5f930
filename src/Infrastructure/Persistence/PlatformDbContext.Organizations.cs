using Microsoft.EntityFrameworkCore;
using Platform.Application.Organizations;
using Platform.Domain.Organizations;

namespace Platform.Infrastructure.Persistence;

public sealed partial class PlatformDbContext : IOrganizationsDbContext
{
    public DbSet<Organization> Organizations => Set<Organization>();

    public DbSet<OrganizationMember> OrganizationMembers => Set<OrganizationMember>();

    public DbSet<WorkTask> Tasks => Set<WorkTask>();

    public DbSet<TaskOwner> TaskOwners => Set<TaskOwner>();

    /// <summary>
    /// PostgreSQL: a LATERAL join from the user's memberships into the
    /// (organization_id[, status], updated_at desc, id desc) indexes, each walk stopping after
    /// <paramref name="perOrganization"/> rows (EF would otherwise number every task with ROW_NUMBER()).
    /// Composable: callers order, limit and project on top.
    /// </summary>
    public IQueryable<WorkTask> NewestTasksOfMember(int userId, int? organizationId, WorkTaskStatus? status, int perOrganization)
    {
        var statusName = status?.ToWire();
        IQueryable<WorkTask> query = (organizationId, statusName) switch
        {
            (null, null) => Tasks.FromSql($"""
                SELECT t.* FROM organizations.members AS m
                CROSS JOIN LATERAL (
                    SELECT * FROM organizations.tasks AS x WHERE x.organization_id = m.organization_id
                    ORDER BY x.updated_at DESC, x.id DESC LIMIT {perOrganization}) AS t
                WHERE m.user_id = {userId}
                """),
            (null, { } s) => Tasks.FromSql($"""
                SELECT t.* FROM organizations.members AS m
                CROSS JOIN LATERAL (
                    SELECT * FROM organizations.tasks AS x WHERE x.organization_id = m.organization_id AND x.status = {s}
                    ORDER BY x.updated_at DESC, x.id DESC LIMIT {perOrganization}) AS t
                WHERE m.user_id = {userId}
                """),
            ({ } o, null) => Tasks.FromSql($"""
                SELECT t.* FROM organizations.members AS m
                CROSS JOIN LATERAL (
                    SELECT * FROM organizations.tasks AS x WHERE x.organization_id = m.organization_id
                    ORDER BY x.updated_at DESC, x.id DESC LIMIT {perOrganization}) AS t
                WHERE m.user_id = {userId} AND m.organization_id = {o}
                """),
            ({ } o, { } s) => Tasks.FromSql($"""
                SELECT t.* FROM organizations.members AS m
                CROSS JOIN LATERAL (
                    SELECT * FROM organizations.tasks AS x WHERE x.organization_id = m.organization_id AND x.status = {s}
                    ORDER BY x.updated_at DESC, x.id DESC LIMIT {perOrganization}) AS t
                WHERE m.user_id = {userId} AND m.organization_id = {o}
                """),
        };
        return query.AsNoTracking();
    }
}
