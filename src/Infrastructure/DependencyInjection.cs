using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Platform.Application.Common.Interfaces;
using Platform.Application.Identity;
using Platform.Application.Organizations;
using Platform.Infrastructure.Identity;
using Platform.Infrastructure.Persistence;

namespace Platform.Infrastructure;

public static class DependencyInjection
{
    public static IServiceCollection AddInfrastructure(this IServiceCollection services, string connectionString)
    {
        connectionString = Tune(connectionString);
        services.AddDbContextPool<PlatformDbContext>(options => PlatformDatabase.Configure(options, connectionString));
        services.AddScoped<IIdentityDbContext>(sp => sp.GetRequiredService<PlatformDbContext>());
        services.AddScoped<Application.Identity.OAuth.IOAuthDbContext>(sp => sp.GetRequiredService<PlatformDbContext>());
        services.AddScoped<IOrganizationsDbContext>(sp => sp.GetRequiredService<PlatformDbContext>());
        services.AddScoped<Application.Identity.Audit.IAdminAuditDbContext>(sp => sp.GetRequiredService<PlatformDbContext>());
        services.AddScoped<Application.Common.Auditing.IAuditStore, Persistence.Auditing.AuditStore>();
        services.AddScoped<Platform.Application.Boards.IBoardsDbContext>(sp => sp.GetRequiredService<PlatformDbContext>());

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<IPasswordHasher, PasswordHasher>();
        services.AddScoped<IRateLimiter, RateLimiting.PostgresRateLimiter>();
        services.AddSingleton<RateLimiting.RateLimitReconciler>();
        services.AddHostedService(sp => sp.GetRequiredService<RateLimiting.RateLimitReconciler>());
        services.AddScoped<Application.Identity.OAuth.ITokenRevocations, Security.Revocation.TokenRevocationStore>();
        services.AddSingleton<PlatformMaintenance>();
        services.AddHostedService(sp => sp.GetRequiredService<PlatformMaintenance>());
        return services;
    }

    /// <summary>
    /// Automatic statement preparation unless the operator chose otherwise: the hot queries (session,
    /// task lists, board pages) are few and repeated, and preparing them more than doubled throughput
    /// in the benchmark.
    /// </summary>
    private static string Tune(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (builder.MaxAutoPrepare == 0)
        {
            builder.MaxAutoPrepare = 64;
        }

        return builder.ConnectionString;
    }
}
