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
}
