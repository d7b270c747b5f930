using Microsoft.EntityFrameworkCore;
using Platform.Application.Identity.OAuth;
using Platform.Domain.Common;

namespace Platform.Application.Identity.ApiTokens;

/// <summary>How API tokens are revoked, whoever asks (their user, an admin, a disable or a password reset).</summary>
internal static class ApiTokenRules
{
    public static NotFoundException TokenNotFound() => new("token not found");

    /// <summary>
    /// Revokes one unrevoked token of <paramref name="userId"/> (<c>revoked_at</c>) and records the
    /// revocation for the nodes that remember the token (<see cref="ITokenRevocations"/>), in one
    /// transaction (the caller's, when it has one: the audit transaction of an admin write).
    /// </summary>
    public static async Task RevokeAsync(IOAuthDbContext db, ITokenRevocations revocations, int userId, long tokenId, DateTimeOffset now, CancellationToken ct)
    {
        await using var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        var revoked = await db.ApiTokens.Where(t => t.Id == tokenId && t.UserId == userId && t.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now), ct);
        if (revoked == 0)
        {
            throw TokenNotFound();
        }

        await revocations.RevokeApiTokenAsync(userId, tokenId, ct);
        if (transaction is not null)
        {
            await transaction.CommitAsync(ct);
        }
    }

    /// <summary>
    /// Revokes every unrevoked token of the user (disable, password reset); returns how many. The
    /// caller also records the user-wide revocation (<see cref="ITokenRevocations.RevokeAsync"/>),
    /// which is what makes nodes that remember a token refuse it within seconds.
    /// </summary>
    public static Task<int> RevokeAllAsync(IIdentityDbContext db, int userId, DateTimeOffset now, CancellationToken ct) =>
        db.ApiTokens.Where(t => t.UserId == userId && t.RevokedAt == null).ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now), ct);
}
