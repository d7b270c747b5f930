using Microsoft.EntityFrameworkCore;
using Platform.Application.Identity.Audit;
using Platform.Domain.Identity;

namespace Platform.Infrastructure.Persistence;

public sealed partial class PlatformDbContext : IAdminAuditDbContext
{
    public DbSet<AdminAuditEntry> AdminAuditLog => Set<AdminAuditEntry>();
}
