namespace Platform.Application.Common.Interfaces;

public interface IPasswordHasher
{
    string Hash(string password);

    /// <summary>Constant-time verification; <paramref name="needsRehash"/> when the stored hash uses old parameters.</summary>
    bool Verify(string hash, string password, out bool needsRehash);

    /// <summary>Spends the time of one verification (used when the account does not exist).</summary>
    void SimulateVerify(string password);
}

/// <summary>
/// Login throttle shared by <c>POST /api/auth/login</c> and the OAuth login page: a fixed one-minute
/// window per key (client IP and e-mail), at most 10 attempts each.
/// </summary>
public interface ILoginRateLimiter
{
    /// <summary>Counts an attempt for both keys; false (nothing counted) when either is over the limit.</summary>
    bool TryAcquire(string? clientIp, string email);
}

public enum ServerMode
{
    Full,
    Anonymous,
}

public interface IServerSettings
{
    ServerMode Mode { get; }
}
