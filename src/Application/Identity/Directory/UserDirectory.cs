using System.Linq.Expressions;
using MapsterMapper;
using Microsoft.EntityFrameworkCore;
using Platform.Application.Common.Mapping;
using Platform.Domain.Identity;

namespace Platform.Application.Identity.Directory;

/// <summary>What other modules may know about a user.</summary>
public sealed record UserSummary(int Id, string Email, string Name, string? Image, SystemRole SystemRole, bool IsBootstrap, DateTimeOffset CreatedAt, bool Disabled);

/// <summary>
/// The Identity module's public read API for other modules (Boards members, task owners, …):
/// they refer to users by id and look them up here, never through Identity's tables.
/// </summary>
public interface IUserDirectory
{
    Task<UserSummary?> FindAsync(int userId, CancellationToken ct);

    Task<IReadOnlyDictionary<int, UserSummary>> GetManyAsync(IReadOnlyCollection<int> userIds, CancellationToken ct);

    /// <summary>All users except <paramref name="excludedIds"/>, ordered by creation (then id).</summary>
    Task<IReadOnlyList<UserSummary>> ListExceptAsync(IReadOnlyCollection<int> excludedIds, CancellationToken ct);

    /// <summary>True once the first user exists (never goes back to false).</summary>
    Task<bool> IsBootstrappedAsync(CancellationToken ct);
}

/// <summary>Per-application memory of "a user exists" (it never becomes false again).</summary>
internal sealed class BootstrapState
{
    public volatile bool Bootstrapped;
}

internal sealed class UserDirectory(IIdentityDbContext db, BootstrapState state, IMapper mapper) : IUserDirectory
{
    // Mapster's rule, built once: these lookups are on the bearer and get_task hot paths.
    private static Expression<Func<User, UserSummary>>? _projection;

    private Expression<Func<User, UserSummary>> Projection => _projection ??= Projections.ProjectionOf<User, UserSummary>(mapper.Config);

    public async Task<UserSummary?> FindAsync(int userId, CancellationToken ct) =>
        await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(Projection).FirstOrDefaultAsync(ct);

    public async Task<IReadOnlyDictionary<int, UserSummary>> GetManyAsync(IReadOnlyCollection<int> userIds, CancellationToken ct)
    {
        if (userIds.Count == 0)
        {
            return new Dictionary<int, UserSummary>();
        }

        var ids = userIds.Distinct().ToArray();
        return await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).Select(Projection).ToDictionaryAsync(u => u.Id, ct);
    }

    public async Task<IReadOnlyList<UserSummary>> ListExceptAsync(IReadOnlyCollection<int> excludedIds, CancellationToken ct)
    {
        var ids = excludedIds.Distinct().ToArray();
        return await db.Users.AsNoTracking().Where(u => !ids.Contains(u.Id)).OrderBy(u => u.CreatedAt).ThenBy(u => u.Id).Select(Projection).ToListAsync(ct);
    }

    public async Task<bool> IsBootstrappedAsync(CancellationToken ct)
    {
        if (state.Bootstrapped)
        {
            return true;
        }

        var any = await db.Users.AnyAsync(ct);
        state.Bootstrapped = any;
        return any;
    }
}
