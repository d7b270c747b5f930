using System.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Platform.Application.Common.Auditing;
using Platform.Domain.Common;
using Platform.Domain.Identity;

namespace Platform.Infrastructure.Persistence.Auditing;

/// <summary>
/// Runs an admin write and appends its audit row in one SERIALIZABLE transaction on the request's
/// DbContext (every module's DbContext interface is this same instance, so the handler's own
/// <c>SaveChanges</c>/<c>ExecuteUpdate</c> calls join it). Serializable isolation turns write skew
/// between concurrent admin writes (two owners demoting each other) into a serialization failure,
/// reported as CONFLICT.
/// </summary>
internal sealed class AuditStore(PlatformDbContext db) : IAuditStore
{
    public async Task<TResult> RecordAsync<TResult>(Func<Task<TResult>> write, Func<TResult, AdminAuditEntry> describe, CancellationToken ct)
    {
        if (db.Database.CurrentTransaction is not null)
        {
            // Already inside a unit of work (a nested audited request): its owner commits.
            var nested = await write().ConfigureAwait(false);
            db.AdminAuditLog.Add(describe(nested));
            await db.SaveChangesAsync(ct).ConfigureAwait(false);
            return nested;
        }

        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(IsolationLevel.Serializable, ct).ConfigureAwait(false);
            var result = await write().ConfigureAwait(false);
            db.AdminAuditLog.Add(describe(result));
            await db.SaveChangesAsync(ct).ConfigureAwait(false);
            await transaction.CommitAsync(ct).ConfigureAwait(false);
            return result;
        }
        catch (Exception ex) when (IsSerializationFailure(ex))
        {
            db.ChangeTracker.Clear();
            throw new ConflictException("conflict: a concurrent change touched the same data; retry");
        }
        catch
        {
            // Nothing of a rolled-back write may linger in the (pooled) context.
            db.ChangeTracker.Clear();
            throw;
        }
    }

    /// <summary>40001 serialization_failure or 40P01 deadlock_detected, however EF wrapped it.</summary>
    internal static bool IsSerializationFailure(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is PostgresException { SqlState: PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected })
            {
                return true;
            }
        }

        return false;
    }
}
