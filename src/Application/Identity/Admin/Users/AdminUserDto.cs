using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Platform.Application.Common.Security;
using Platform.Domain.Common;
using Platform.Domain.Identity;

namespace Platform.Application.Identity.Admin.Users;

/// <summary>A user as an admin sees it: the account plus its live session count and last activity.</summary>
public sealed record AdminUserDto(
    int Id,
    string Email,
    string Name,
    string? Image,
    bool IsBootstrap,
    SystemRole SystemRole,
    DateTimeOffset CreatedAt,
    DateTimeOffset? DisabledAt,
    int ActiveSessions,
    DateTimeOffset? LastSeenAt)
{
    public bool Disabled => DisabledAt is not null;

    // Explicit (decision 0209): the session count and last activity are subqueries over another table.
    public static Expression<Func<User, AdminUserDto>> Projection(IQueryable<Session> sessions, DateTimeOffset now) => u =>
        new AdminUserDto(
            u.Id,
            u.Email,
            u.Name,
            u.Image,
            u.IsBootstrap,
            u.SystemRole,
            u.CreatedAt,
            u.DisabledAt,
            sessions.Count(s => s.UserId == u.Id && s.ExpiresAt > now),
            sessions.Where(s => s.UserId == u.Id && s.ExpiresAt > now).Max(s => (DateTimeOffset?)s.LastSeenAt));

    internal static async Task<AdminUserDto> LoadAsync(IIdentityDbContext db, int userId, DateTimeOffset now, CancellationToken ct) =>
        await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(Projection(db.Sessions, now)).FirstOrDefaultAsync(ct)
        ?? throw AdminUserRules.UserNotFound();
}

/// <summary>The rules every admin write on a user follows, whichever transport it came from.</summary>
internal static class AdminUserRules
{
    public static NotFoundException UserNotFound() => new("user not found");

    /// <summary>Loads the user for a change; only an owner may change an owner's account.</summary>
    public static async Task<User> LoadForChangeAsync(IIdentityDbContext db, ICurrentUser caller, int userId, CancellationToken ct)
    {
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == userId, ct) ?? throw UserNotFound();
        if (user.SystemRole == SystemRole.Owner && caller.SystemRole != SystemRole.Owner)
        {
            throw new ForbiddenException("only an owner can manage an owner");
        }

        return user;
    }

    /// <summary>An active owner may only lose that status (demotion, disabling) while another active owner remains.</summary>
    public static async Task EnsureAnotherActiveOwnerAsync(IIdentityDbContext db, User user, CancellationToken ct)
    {
        if (user.SystemRole != SystemRole.Owner || user.IsDisabled)
        {
            return;
        }

        var others = await db.Users.AnyAsync(u => u.Id != user.Id && u.SystemRole == SystemRole.Owner && u.DisabledAt == null, ct);
        if (!others)
        {
            throw new ConflictException(
                "conflict: the last active owner cannot be demoted or disabled",
                new Dictionary<string, object?> { ["reason"] = "last_owner" });
        }
    }

    /// <summary>Ends every session of the user (sign-out everywhere); returns how many there were.</summary>
    public static Task<int> EndSessionsAsync(IIdentityDbContext db, int userId, CancellationToken ct) =>
        db.Sessions.Where(s => s.UserId == userId).ExecuteDeleteAsync(ct);
}
