using Microsoft.EntityFrameworkCore;
using Platform.Domain.Identity;

namespace Platform.Application.Identity;

/// <summary>The Identity module's view of the database (no repository layer).</summary>
public interface IIdentityDbContext
{
    DbSet<User> Users { get; }

    DbSet<Session> Sessions { get; }

    DbSet<ApiToken> ApiTokens { get; }

    /// <summary>
    /// The session whose token hash is <paramref name="tokenHash"/>, unexpired at <paramref name="now"/>,
    /// of an enabled user, with what a principal needs (a precompiled query: it runs on every
    /// cookie-authenticated request).
    /// </summary>
    Task<ActiveSession?> FindActiveSessionAsync(byte[] tokenHash, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// The unrevoked API token whose hash is <paramref name="tokenHash"/> (a precompiled query: it runs
    /// when a node meets a token it has not remembered yet).
    /// </summary>
    Task<ActiveApiToken?> FindActiveApiTokenAsync(byte[] tokenHash, CancellationToken cancellationToken);

    Task<int> SaveChangesAsync(CancellationToken cancellationToken = default);
}

/// <summary>A live session and its enabled user (see <see cref="IIdentityDbContext.FindActiveSessionAsync"/>).</summary>
public sealed record ActiveSession(long SessionId, DateTimeOffset LastSeenAt, int UserId, SystemRole SystemRole, string Email, string Name);

/// <summary>An unrevoked API token (see <see cref="IIdentityDbContext.FindActiveApiTokenAsync"/>); the hash is the stored one.</summary>
public sealed record ActiveApiToken(long Id, int UserId, byte[] TokenHash, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt);
