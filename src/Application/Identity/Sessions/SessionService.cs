using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using MapsterMapper;
using Microsoft.EntityFrameworkCore;
using Platform.Domain.Identity;

namespace Platform.Application.Identity.Sessions;

/// <summary>The principal a valid session cookie resolves to.</summary>
public sealed record SessionPrincipal(long SessionId, int UserId, SystemRole SystemRole, string Email, string Name);

/// <summary>
/// Starts, resolves and ends cookie sessions. Tokens are 32 random bytes (base64url, 43 chars);
/// only their SHA-256 is stored, so a database leak yields no usable cookie.
/// </summary>
public sealed class SessionService(IIdentityDbContext db, TimeProvider clock, IMapper mapper)
{
    private static readonly TimeSpan LastSeenResolution = TimeSpan.FromMinutes(1);

    public async Task<SignedInUser> StartAsync(User user, string? userAgent, string? ipAddress, CancellationToken ct)
    {
        var token = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var session = Session.Start(user.Id, HashToken(token), clock.GetUtcNow(), userAgent, ipAddress);
        db.Sessions.Add(session);
        await db.SaveChangesAsync(ct).ConfigureAwait(false);
        return new SignedInUser(mapper.Map<User, UserDto>(user), token, session.ExpiresAt);
    }

    public async Task<SessionPrincipal?> ResolveAsync(string? token, CancellationToken ct)
    {
        token = token?.Trim();
        if (string.IsNullOrEmpty(token) || token.Length > 256)
        {
            return null;
        }

        var hash = HashToken(token);
        var now = clock.GetUtcNow();
        var found = await db.FindActiveSessionAsync(hash, now, ct).ConfigureAwait(false);
        if (found is null)
        {
            return null;
        }

        if (now - found.LastSeenAt > LastSeenResolution)
        {
            // Best effort and throttled: never a write per request.
            await db.Sessions.Where(s => s.Id == found.SessionId)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.LastSeenAt, now), ct).ConfigureAwait(false);
        }

        return new SessionPrincipal(found.SessionId, found.UserId, found.SystemRole, found.Email, found.Name);
    }

    public async Task EndAsync(string? token, CancellationToken ct)
    {
        token = token?.Trim();
        if (string.IsNullOrEmpty(token) || token.Length > 256)
        {
            return;
        }

        var hash = HashToken(token);
        await db.Sessions.Where(s => s.TokenHash == hash).ExecuteDeleteAsync(ct).ConfigureAwait(false);
    }

    public static byte[] HashToken(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));
}
