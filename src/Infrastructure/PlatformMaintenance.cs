using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Application.Identity.OAuth;
using Platform.Application.Identity.OAuth.RegisterClient;
using Platform.Infrastructure.Persistence;
using Platform.Infrastructure.RateLimiting;
using Platform.Infrastructure.Security.Revocation;

namespace Platform.Infrastructure;

/// <summary>
/// Periodic clean-up, safe to run on every node at once (plain deletes): rate-limit windows that are
/// over, and registered OAuth clients nobody ever authorized (no consent, authorization code or
/// refresh token) once older than <see cref="RegistrationLimits.UnusedClientLifetime"/> (security
/// review finding 2: anonymous registration must not fill the disk), and the encrypted successors
/// rotated refresh tokens keep for their reuse grace once it is over (decision 0303; a token past its
/// grace is refused whether or not this ran), and access-token revocations too old to refuse a live
/// token (<see cref="TokenRevocationRules.Horizon"/>; each node forgets them in memory at the same age).
/// </summary>
public sealed partial class PlatformMaintenance(
    IServiceScopeFactory scopes, TimeProvider clock, IOptions<RegistrationLimits> limits, IOptions<OAuthTokenOptions> tokens, ILogger<PlatformMaintenance> logger)
    : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(10);

    /// <summary>One pass; returns what it deleted or dropped.</summary>
    public async Task<MaintenanceResult> RunOnceAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        var now = clock.GetUtcNow();
        var windows = await db.Set<RateLimitWindow>().Where(w => w.ExpiresAt < now).ExecuteDeleteAsync(cancellationToken);
        var cutoff = now - limits.Value.UnusedClientLifetime;
        var clients = await db.OAuthClients
            .Where(c => c.CreatedAt < cutoff
                        && !db.OAuthConsents.Any(x => x.ClientId == c.Id)
                        && !db.OAuthAuthorizationCodes.Any(x => x.ClientId == c.Id)
                        && !db.OAuthRefreshTokens.Any(x => x.ClientId == c.Id))
            .ExecuteDeleteAsync(cancellationToken);
        if (clients > 0)
        {
            LogDeleted(logger, clients);
        }

        var successors = await db.OAuthRefreshTokens.Where(t => t.ReuseGraceUntil != null && t.ReuseGraceUntil <= now)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.ProtectedSuccessor, (string?)null).SetProperty(t => t.ReuseGraceUntil, (DateTimeOffset?)null), cancellationToken);
        // API-token revocations are kept with the others: the token's own revoked_at is the lasting record.
        var horizon = now - TokenRevocationRules.Horizon(tokens.Value.AccessTokenLifetime);
        var revocations = await db.Set<TokenRevocation>().Where(r => r.RevokedBefore < horizon).ExecuteDeleteAsync(cancellationToken);
        return new MaintenanceResult(windows, clients, successors, revocations);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        do
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFailed(logger, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Count} OAuth client registrations nobody ever authorized")]
    private static partial void LogDeleted(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Maintenance pass failed; the next one runs as scheduled")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}

/// <summary>
/// What one maintenance pass removed: ended rate-limit windows, never-authorized clients, refresh-token
/// successors past their grace, and access-token revocations past their horizon.
/// </summary>
public sealed record MaintenanceResult(int Windows, int Clients, int Successors, int Revocations);
