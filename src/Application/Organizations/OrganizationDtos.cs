using System.Linq.Expressions;
using Platform.Domain.Organizations;

namespace Platform.Application.Organizations;

/// <summary>An organization as the admin API shows it.</summary>
public sealed record OrganizationDto(int Id, string Name, string Slug, string? Logo, DateTimeOffset CreatedAt);

/// <summary>An organization the current user belongs to, with their role in it.</summary>
public sealed record OrganizationMembershipDto(int Id, string Name, string Slug, OrganizationRole Role);

public sealed record OrganizationMemberDto(int Id, int OrganizationId, int UserId, OrganizationRole Role, DateTimeOffset CreatedAt);

/// <summary>An organization as the admin API lists it: with how many members and tasks it holds.</summary>
public sealed record AdminOrganizationDto(int Id, string Name, string Slug, string? Logo, DateTimeOffset CreatedAt, int MemberCount, int TaskCount)
{
    // Explicit (decision 0209): the counts are correlated subqueries over other tables, not members of the entity.
    public static Expression<Func<Organization, AdminOrganizationDto>> Projection(IOrganizationsDbContext db) => o =>
        new AdminOrganizationDto(
            o.Id, o.Name, o.Slug, o.Logo, o.CreatedAt,
            db.OrganizationMembers.Count(m => m.OrganizationId == o.Id),
            db.Tasks.Count(t => t.OrganizationId == o.Id));
}
