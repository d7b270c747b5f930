using System.Collections.Concurrent;
using Platform.Application.Identity.Directory;

namespace Platform.Web.Security.Bearer;

/// <summary>
/// Remembers for <see cref="Lifetime"/> that a token subject exists and is enabled, so a stream of
/// MCP calls does not read the user row on every request. Only positive answers are kept: an
/// unknown or disabled user is looked up (and refused) every time. A user disabled meanwhile is
/// refused at the latest after <see cref="Lifetime"/> (per node), the same idea as ASP.NET Core's
/// security-stamp validation interval. Bounded: cleared when it grows past <see cref="MaxEntries"/>.
/// </summary>
public sealed class ActiveUserCache(TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(15);
    public const int MaxEntries = 10_000;

    private readonly ConcurrentDictionary<int, Entry> _entries = new();

    public async ValueTask<UserSummary?> FindActiveAsync(int userId, IUserDirectory directory, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (_entries.TryGetValue(userId, out var entry) && entry.ExpiresAt > now)
        {
            return entry.User;
        }

        var user = await directory.FindAsync(userId, ct);
        if (user is null || user.Disabled)
        {
            _entries.TryRemove(userId, out _);
            return null;
        }

        if (_entries.Count >= MaxEntries)
        {
            _entries.Clear();
        }

        _entries[userId] = new Entry(user, now + Lifetime);
        return user;
    }

    private sealed record Entry(UserSummary User, DateTimeOffset ExpiresAt);
}
