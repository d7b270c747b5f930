using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Platform.Application.Identity.OAuth;

namespace Platform.Web.Security.Bearer;

/// <summary>
/// This node's copy of the token revocations (<see cref="ITokenRevocations"/>): refreshed every
/// <see cref="PollInterval"/> by <see cref="RevokedTokensPoller"/>, read in memory on every bearer
/// request (no database round trip on the hot path). A token issued at or before its user's (or its
/// user-and-client's) revocation is refused, on every node within about <see cref="PollInterval"/>,
/// and whatever happens to the user later (re-enabling) does not revive it. Revocations older than
/// an access token's lifetime no longer matter and are dropped. Personal API tokens are checked here
/// too (<see cref="IsApiTokenRevoked"/>): a node remembers an API token for far less than
/// <see cref="Horizon"/> and then reads it again, revoked or not, from the database.
/// </summary>
public sealed class RevokedTokens(TimeProvider clock, IOptions<OAuthTokenOptions> options)
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);

    /// <summary>
    /// An access token lives <see cref="OAuthTokenOptions.AccessTokenLifetime"/> (at least one hour
    /// is assumed, for tokens of an external issuer); with the 60 s of allowed clock skew, older
    /// revocations cannot match a live token.
    /// </summary>
    public TimeSpan Horizon { get; } = TokenRevocationRules.Horizon(options.Value.AccessTokenLifetime);

    private readonly ConcurrentDictionary<(int UserId, string? ClientId), DateTimeOffset> _revokedBefore = new();

    private readonly ConcurrentDictionary<long, DateTimeOffset> _revokedApiTokens = new();

    public long LastId { get; private set; }

    /// <summary>True when the token of <paramref name="userId"/> for <paramref name="clientId"/> issued at <paramref name="issuedAt"/> was revoked.</summary>
    public bool IsRevoked(int userId, string? clientId, DateTimeOffset issuedAt) =>
        (_revokedBefore.TryGetValue((userId, null), out var all) && issuedAt <= all)
        || (clientId is not null && _revokedBefore.TryGetValue((userId, clientId), out var one) && issuedAt <= one);

    /// <summary>
    /// True when the API token <paramref name="apiTokenId"/> of <paramref name="userId"/>, created at
    /// <paramref name="createdAt"/>, was revoked: by itself, or with all of its user's tokens (disable,
    /// password reset) at or after its creation.
    /// </summary>
    public bool IsApiTokenRevoked(int userId, long apiTokenId, DateTimeOffset createdAt) =>
        _revokedApiTokens.ContainsKey(apiTokenId)
        || (_revokedBefore.TryGetValue((userId, null), out var all) && createdAt <= all);

    public void Apply(IEnumerable<TokenRevocationDto> revocations)
    {
        foreach (var revocation in revocations)
        {
            if (revocation.ApiTokenId is { } apiTokenId)
            {
                _revokedApiTokens[apiTokenId] = revocation.RevokedBefore;
                LastId = Math.Max(LastId, revocation.Id);
                continue;
            }

            _revokedBefore.AddOrUpdate((revocation.UserId, revocation.ClientId), revocation.RevokedBefore,
                (_, existing) => existing > revocation.RevokedBefore ? existing : revocation.RevokedBefore);
            LastId = Math.Max(LastId, revocation.Id);
        }

        var cutoff = clock.GetUtcNow() - Horizon;
        foreach (var (key, before) in _revokedBefore)
        {
            if (before < cutoff)
            {
                _revokedBefore.TryRemove(key, out _);
            }
        }

        foreach (var (key, revokedAt) in _revokedApiTokens)
        {
            if (revokedAt < cutoff)
            {
                _revokedApiTokens.TryRemove(key, out _);
            }
        }
    }
}

/// <summary>Reads new revocations into <see cref="RevokedTokens"/> at start-up and every <see cref="RevokedTokens.PollInterval"/>.</summary>
/// <remarks>
/// An endpoint that has just committed a revocation may call <see cref="PollOnceAsync"/> itself, so its
/// own node refuses the token at once (the next request of the same client typically lands there).
/// Polls never overlap.
/// </remarks>
public sealed partial class RevokedTokensPoller(RevokedTokens revoked, IServiceScopeFactory scopes, TimeProvider clock, ILogger<RevokedTokensPoller> logger)
    : BackgroundService
{
    private readonly SemaphoreSlim _polling = new(1, 1);

    public async Task PollOnceAsync(CancellationToken cancellationToken)
    {
        await _polling.WaitAsync(cancellationToken);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var store = scope.ServiceProvider.GetRequiredService<ITokenRevocations>();
            revoked.Apply(await store.ReadAsync(revoked.LastId, clock.GetUtcNow() - revoked.Horizon, cancellationToken));
        }
        finally
        {
            _polling.Release();
        }
    }

    public override void Dispose()
    {
        _polling.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(RevokedTokens.PollInterval, clock);
        do
        {
            try
            {
                await PollOnceAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFailed(logger, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading token revocations failed; the next poll runs as scheduled")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}

/// <summary>Registration of the one revocation mechanism (decision 0302), shared by every bearer scheme.</summary>
public static class TokenRevocationRegistration
{
    /// <summary>This node's <see cref="RevokedTokens"/> and its <see cref="RevokedTokensPoller"/>, once however many schemes ask.</summary>
    public static IServiceCollection AddTokenRevocations(this IServiceCollection services)
    {
        services.TryAddSingleton<RevokedTokens>();
        if (!services.Any(d => d.ServiceType == typeof(RevokedTokensPoller)))
        {
            services.AddSingleton<RevokedTokensPoller>();
            services.AddHostedService(sp => sp.GetRequiredService<RevokedTokensPoller>());
        }

        return services;
    }
}
