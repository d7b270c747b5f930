using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Platform.Infrastructure.Persistence.Embedded;

public sealed record EmbeddedPostgresOptions
{
    /// <summary>Folder that holds the cluster (<c>pgdata/</c>), its password and its log.</summary>
    public required string RootDirectory { get; init; }

    /// <summary>Throwaway clusters (tests, benchmarks): trust auth and no fsync; deleted on dispose.</summary>
    public bool Throwaway { get; init; }

    public string Database { get; init; } = "platform";

    public int MaxConnections { get; init; } = 100;
}

/// <summary>
/// A private PostgreSQL cluster run from the machine's PostgreSQL binaries (initdb + pg_ctl),
/// the server's default database when no connection string is configured. As root the binaries
/// run as the <c>postgres</c> user, since initdb refuses root.
/// </summary>
public sealed class EmbeddedPostgres : IDisposable
{
    private const string SuperUser = "platform";
    private readonly EmbeddedPostgresOptions _options;
    private readonly ILogger _logger;
    private readonly string _binDir;
    private readonly string? _runAs;
    private readonly string _dataDir;
    private string _password = "";
    private bool _stopped;

    private EmbeddedPostgres(EmbeddedPostgresOptions options, ILogger logger)
    {
        _options = options;
        _logger = logger;
        _binDir = FindBinDirectory();
        _runAs = Environment.UserName == "root" || IsRoot() ? "postgres" : null;
        Directory.CreateDirectory(options.RootDirectory);
        _dataDir = Path.Combine(Path.GetFullPath(options.RootDirectory), "pgdata");
    }

    public int Port { get; private set; }

    /// <summary>
    /// Where the cluster really lives: the data folder, or the folder its link points to when the
    /// <c>postgres</c> user cannot reach the project's folder (<see cref="EnsureReachableDataDirectory"/>).
    /// The PostgreSQL tools get this path: they run as that user and could not follow a link under /root.
    /// </summary>
    private string ClusterDirectory =>
        new DirectoryInfo(_dataDir) is { Exists: true, LinkTarget: not null } link ? link.ResolveLinkTarget(returnFinalTarget: true)!.FullName : _dataDir;

    /// <summary>
    /// The folder of the cluster's Unix-domain socket (its data folder), or null when the server
    /// only listens on 127.0.0.1 (a path too long or unusual for a socket, or a cluster started
    /// without one). Platform connects through the socket when there is one: a round trip costs
    /// the kernel far less than one over loopback TCP (decision 0215). TCP stays on for tools.
    /// </summary>
    public string? SocketDirectory { get; private set; }

    public string ConnectionString(string? database = null) => new NpgsqlConnectionStringBuilder
    {
        Host = SocketDirectory ?? "127.0.0.1",
        Port = Port,
        Username = SuperUser,
        Password = _password.Length > 0 ? _password : null,
        Database = database ?? _options.Database,
    }.ConnectionString;

    public static EmbeddedPostgres Start(EmbeddedPostgresOptions options, ILogger logger)
    {
        var pg = new EmbeddedPostgres(options, logger);
        pg.InitializeAndStart();
        return pg;
    }

    private void InitializeAndStart()
    {
        EnsureReachableDataDirectory();
        var passwordFile = Path.Combine(Path.GetFullPath(_options.RootDirectory), "postgres.password");
        if (!File.Exists(Path.Combine(_dataDir, "PG_VERSION")))
        {
            InitDb(passwordFile);
        }
        else if (!_options.Throwaway)
        {
            _password = File.Exists(passwordFile) ? File.ReadAllText(passwordFile).Trim() : "";
        }

        if (TryReadRunningServer() is { } running)
        {
            (Port, SocketDirectory) = running;
            _logger.LogInformation("Reusing the embedded PostgreSQL already running on port {Port} ({DataDir}; Unix socket in {SocketDirectory})", Port, _dataDir, SocketDirectory ?? "(none)");
        }
        else
        {
            StartServer();
        }

        EnsureDatabase(_options.Database);
    }

    private void InitDb(string passwordFile)
    {
        var cluster = ClusterDirectory;
        if (Directory.Exists(cluster))
        {
            Directory.Delete(cluster, recursive: true);
        }

        Directory.CreateDirectory(cluster);
        ChownToRunAs(cluster);
        var args = new List<string> { "-D", cluster, "-U", SuperUser, "-E", "UTF8", "--locale=C" };
        string? tempPwFile = null;
        if (_options.Throwaway)
        {
            args.AddRange(["--auth=trust", "--no-sync"]);
        }
        else
        {
            _password = Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();
            File.WriteAllText(passwordFile, _password);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(passwordFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
            tempPwFile = Path.Combine(Path.GetTempPath(), $"platform-pw-{Guid.NewGuid():N}");
            File.WriteAllText(tempPwFile, _password);
            ChownToRunAs(tempPwFile);
            args.AddRange(["--auth-host=scram-sha-256", "--auth-local=scram-sha-256", $"--pwfile={tempPwFile}"]);
        }

        _logger.LogInformation("Creating the embedded PostgreSQL cluster in {DataDir}", _dataDir);
        try
        {
            Run("initdb", args, TimeSpan.FromMinutes(2));
        }
        finally
        {
            if (tempPwFile is not null)
            {
                File.Delete(tempPwFile);
            }
        }
    }

    private void StartServer()
    {
        var logFile = Path.Combine(ClusterDirectory, "server.log");
        Exception? last = null;
        for (var attempt = 0; attempt < 5; attempt++)
        {
            Port = FreePort();
            var socketDirectory = SocketDirectoryFor(Port);
            var settings = new StringBuilder($"-p {Port} -c listen_addresses=127.0.0.1 -c unix_socket_directories='{socketDirectory}' -c unix_socket_permissions=0700 -c max_connections={_options.MaxConnections}");
            if (_options.Throwaway)
            {
                settings.Append(" -c fsync=off -c synchronous_commit=off -c full_page_writes=off");
            }

            try
            {
                Run("pg_ctl", ["-D", ClusterDirectory, "-l", logFile, "-w", "-t", "60", "-o", settings.ToString(), "start"], TimeSpan.FromSeconds(90));
                SocketDirectory = socketDirectory.Length > 0 ? socketDirectory : null;
                _logger.LogInformation("Embedded PostgreSQL listening on 127.0.0.1:{Port} and on a Unix socket in {SocketDirectory}", Port, SocketDirectory ?? "(none)");
                return;
            }
            catch (InvalidOperationException ex)
            {
                last = ex;
                _logger.LogWarning("Embedded PostgreSQL did not start on port {Port}; retrying ({Message})", Port, ex.Message);
            }
        }

        throw new InvalidOperationException("The embedded PostgreSQL cluster could not be started.", last);
    }

    /// <summary>
    /// The data folder, when a socket path in it fits the kernel's limit (108 bytes with the
    /// terminating NUL) and needs no quoting on pg_ctl's command line; otherwise "" (no socket).
    /// A cluster moved out of reach (see <see cref="EnsureReachableDataDirectory"/>) puts its
    /// socket where it really lives.
    /// </summary>
    private string SocketDirectoryFor(int port)
    {
        var directory = ClusterDirectory;
        var socketPath = $"{directory}/.s.PGSQL.{port}";
        var plain = directory.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '.' or '_' or '-');
        return plain && Encoding.UTF8.GetByteCount(socketPath) <= 107 ? directory : "";
    }

    private (int Port, string? SocketDirectory)? TryReadRunningServer()
    {
        var pidFile = Path.Combine(_dataDir, "postmaster.pid");
        if (!File.Exists(pidFile))
        {
            return null;
        }

        try
        {
            Run("pg_ctl", ["-D", ClusterDirectory, "status"], TimeSpan.FromSeconds(10));
            // postmaster.pid: line 4 is the port, line 5 the first socket folder (empty without one)
            var lines = File.ReadAllLines(pidFile);
            if (lines.Length <= 3 || !int.TryParse(lines[3].Trim(), out var port))
            {
                return null;
            }

            var socket = lines.Length > 4 ? lines[4].Trim() : "";
            return (port, socket.Length > 0 && File.Exists(Path.Combine(socket, $".s.PGSQL.{port}")) ? socket : null);
        }
        catch (InvalidOperationException)
        {
            return null; // stale pid file: pg_ctl start handles it
        }
    }

    private void EnsureDatabase(string database)
    {
        using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        connection.Open();
        using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection);
        exists.Parameters.AddWithValue("name", database);
        if (exists.ExecuteScalar() is null)
        {
            using var create = new NpgsqlCommand($"CREATE DATABASE \"{database.Replace("\"", "\"\"", StringComparison.Ordinal)}\"", connection);
            create.ExecuteNonQuery();
        }
    }

    /// <summary>Creates a database (optionally from a template) on this cluster.</summary>
    public void CreateDatabase(string name, string? template = null)
    {
        using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        connection.Open();
        var sql = $"CREATE DATABASE \"{name}\"" + (template is null ? "" : $" TEMPLATE \"{template}\"");
        using var create = new NpgsqlCommand(sql, connection);
        create.ExecuteNonQuery();
    }

    public void Stop()
    {
        if (_stopped || !Directory.Exists(_dataDir))
        {
            return;
        }

        _stopped = true;
        try
        {
            NpgsqlConnection.ClearAllPools();
            Run("pg_ctl", ["-D", ClusterDirectory, "-m", "fast", "-w", "-t", "30", "stop"], TimeSpan.FromSeconds(40));
            _logger.LogInformation("Embedded PostgreSQL stopped");
        }
        catch (Exception ex) when (ex is InvalidOperationException or IOException)
        {
            _logger.LogWarning(ex, "Stopping the embedded PostgreSQL failed");
        }
    }

    public void Dispose()
    {
        var cluster = ClusterDirectory;
        Stop();
        if (_options.Throwaway)
        {
            try
            {
                if (cluster != _dataDir && Directory.Exists(cluster))
                {
                    Directory.Delete(cluster, recursive: true);
                }

                Directory.Delete(Path.GetFullPath(_options.RootDirectory), recursive: true);
            }
            catch (IOException)
            {
                // best effort for a temp folder
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }

    /// <summary>
    /// As root, the <c>postgres</c> user must be able to reach the data folder. When the checkout
    /// lives somewhere it cannot traverse (e.g. under /root), the cluster is kept in
    /// /var/lib/platform and linked from the project's folder.
    /// </summary>
    private void EnsureReachableDataDirectory()
    {
        if (_runAs is null || CanRunAsReach(Path.GetFullPath(_options.RootDirectory)))
        {
            return;
        }

        var link = new DirectoryInfo(_dataDir);
        if (link.LinkTarget is not null)
        {
            return;
        }

        var key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(_dataDir)))[..16].ToLowerInvariant();
        var target = Path.Combine("/var/lib/platform", key, "pgdata");
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        Directory.CreateDirectory(target);
        ChownToRunAs(target);
        if (Directory.Exists(_dataDir))
        {
            Directory.Delete(_dataDir, recursive: true);
        }

        Directory.CreateSymbolicLink(_dataDir, target);
        _logger.LogInformation("The postgres user cannot reach {Dir}; the cluster lives in {Target}", _options.RootDirectory, target);
    }

    private bool CanRunAsReach(string directory)
    {
        try
        {
            Run("test", ["-x", directory], TimeSpan.FromSeconds(10));
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private void ChownToRunAs(string path)
    {
        if (_runAs is not null)
        {
            RunRaw("chown", ["-R", _runAs, path], TimeSpan.FromSeconds(30));
        }
    }

    private void Run(string tool, IEnumerable<string> args, TimeSpan timeout)
    {
        var exe = tool == "test" ? "test" : Path.Combine(_binDir, tool);
        if (_runAs is not null)
        {
            RunRaw("runuser", ["-u", _runAs, "--", exe, .. args], timeout);
        }
        else
        {
            RunRaw(exe, args, timeout);
        }
    }

    private static void RunRaw(string exe, IEnumerable<string> args, TimeSpan timeout)
    {
        var psi = new ProcessStartInfo(exe)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = "/",
        };
        foreach (var arg in args)
        {
            psi.ArgumentList.Add(arg);
        }

        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {exe}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{Path.GetFileName(exe)} timed out");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(exe)} exited with {process.ExitCode}: {stderr.Result.Trim()} {stdout.Result.Trim()}".Trim());
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    internal static bool IsRoot()
    {
        try
        {
            return File.ReadAllText("/proc/self/status").Split('\n')
                .FirstOrDefault(l => l.StartsWith("Uid:", StringComparison.Ordinal))?
                .Split('\t', StringSplitOptions.RemoveEmptyEntries).ElementAtOrDefault(1) == "0";
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static string FindBinDirectory()
    {
        if (Environment.GetEnvironmentVariable("PLATFORM_PG_BIN") is { Length: > 0 } configured)
        {
            return configured;
        }

        const string root = "/usr/lib/postgresql";
        if (Directory.Exists(root))
        {
            var best = Directory.GetDirectories(root)
                .Select(d => (Dir: Path.Combine(d, "bin"), Version: int.TryParse(Path.GetFileName(d), out var v) ? v : 0))
                .Where(x => File.Exists(Path.Combine(x.Dir, "initdb")))
                .OrderByDescending(x => x.Version)
                .FirstOrDefault();
            if (best.Dir is not null)
            {
                return best.Dir;
            }
        }

        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':'))
        {
            if (dir.Length > 0 && File.Exists(Path.Combine(dir, "initdb")) && File.Exists(Path.Combine(dir, "pg_ctl")))
            {
                return dir;
            }
        }

        throw new InvalidOperationException(
            "No PostgreSQL server binaries (initdb, pg_ctl) were found. Run build/setup.sh (installs Debian's postgresql package), " +
            "set PLATFORM_PG_BIN, or configure ConnectionStrings__Platform to use an existing server.");
    }
}
