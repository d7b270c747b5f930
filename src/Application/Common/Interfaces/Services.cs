namespace Platform.Application.Common.Interfaces;

public interface IPasswordHasher
{
    string Hash(string password);

    /// <summary>Constant-time verification; <paramref name="needsRehash"/> when the stored hash uses old parameters.</summary>
    bool Verify(string hash, string password, out bool needsRehash);

    /// <summary>Spends the time of one verification (used when the account does not exist).</summary>
    void SimulateVerify(string password);
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
