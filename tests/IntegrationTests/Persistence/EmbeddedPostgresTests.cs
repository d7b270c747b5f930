using System.Runtime.Versioning;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Platform.Infrastructure.Persistence.Embedded;

namespace Platform.IntegrationTests.Persistence;

/// <summary>
/// The embedded default cluster (decision 0215): Platform reaches it through a Unix-domain socket in
/// its private data folder when the path allows one, and through 127.0.0.1 otherwise; TCP stays open
/// for tools, and the socket asks for the same password as TCP.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class EmbeddedPostgresTests
{
    private readonly List<string> _roots = [];

    [TearDown]
    public void RemoveRoots()
    {
        foreach (var root in _roots.Where(Directory.Exists))
        {
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }

    [Test]
    public async Task Platform_connects_through_a_private_unix_socket_and_tcp_stays_open()
    {
        using var cluster = Start(Root("s"), throwaway: true);

        Assert.That(cluster.SocketDirectory, Is.Not.Null);
        var builder = new NpgsqlConnectionStringBuilder(cluster.ConnectionString());
        Assert.That(builder.Host, Is.EqualTo(cluster.SocketDirectory));
        var socket = Path.Combine(cluster.SocketDirectory!, $".s.PGSQL.{cluster.Port}");
        Assert.That(File.GetUnixFileMode(socket), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute),
            "only the cluster's owner (and root) may connect to the socket");

        Assert.That(await ServerAddressAsync(cluster.ConnectionString()), Is.Null, "a Unix-socket connection has no server address");
        var tcp = new NpgsqlConnectionStringBuilder(cluster.ConnectionString()) { Host = "127.0.0.1", Port = cluster.Port }.ConnectionString;
        Assert.That(await ServerAddressAsync(tcp), Is.EqualTo("127.0.0.1/32"));
    }

    [Test]
    public async Task A_data_folder_too_long_for_a_socket_path_uses_tcp()
    {
        // sun_path holds 107 bytes: "<root>/pgdata/.s.PGSQL.<port>" cannot fit under this root
        var root = Root(new string('l', 100));
        using var cluster = Start(root, throwaway: true);

        Assert.That(cluster.SocketDirectory, Is.Null);
        Assert.That(new NpgsqlConnectionStringBuilder(cluster.ConnectionString()).Host, Is.EqualTo("127.0.0.1"));
        Assert.That(await ServerAddressAsync(cluster.ConnectionString()), Is.EqualTo("127.0.0.1/32"));
    }

    [Test]
    public async Task A_server_restarted_on_a_running_cluster_finds_its_socket_again()
    {
        var root = Root("r");
        using var first = Start(root, throwaway: false);
        var second = Start(root, throwaway: false);

        Assert.That(second.Port, Is.EqualTo(first.Port));
        Assert.That(second.SocketDirectory, Is.EqualTo(first.SocketDirectory).And.Not.Null);
        Assert.That(await ServerAddressAsync(second.ConnectionString()), Is.Null);
    }

    [Test]
    public void The_socket_asks_for_the_clusters_password()
    {
        using var cluster = Start(Root("p"), throwaway: false);
        Assert.That(cluster.SocketDirectory, Is.Not.Null);

        var withoutPassword = new NpgsqlConnectionStringBuilder(cluster.ConnectionString()) { Password = null }.ConnectionString;
        var wrongPassword = new NpgsqlConnectionStringBuilder(cluster.ConnectionString()) { Password = "not-the-password" }.ConnectionString;
        Assert.That(async () => await ServerAddressAsync(withoutPassword), Throws.InstanceOf<NpgsqlException>());
        Assert.That(async () => await ServerAddressAsync(wrongPassword),
            Throws.InstanceOf<PostgresException>().With.Property(nameof(PostgresException.SqlState)).EqualTo("28P01"));
    }

    [Test]
    public async Task As_root_a_data_folder_the_postgres_user_cannot_reach_is_kept_in_var_lib_and_reached_there()
    {
        // A checkout under /root (mode 0700) as root: initdb and pg_ctl run as postgres, which cannot traverse
        // the folder, so the cluster lives in /var/lib/platform/<key> and the data folder links to it.
        if (!EmbeddedPostgres.IsRoot())
        {
            Assert.Ignore("only as root do the PostgreSQL tools run as another user");
        }

        var locked = Root("locked");
        Directory.CreateDirectory(locked);
        File.SetUnixFileMode(locked, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        using (var cluster = Start(Path.Combine(locked, "data"), throwaway: true))
        {
            var link = new DirectoryInfo(Path.Combine(locked, "data", "pgdata"));
            Assert.That(link.LinkTarget, Does.StartWith("/var/lib/platform/"));
            Assert.That(cluster.SocketDirectory, Is.EqualTo(link.ResolveLinkTarget(returnFinalTarget: true)!.FullName));
            Assert.That(await ServerAddressAsync(cluster.ConnectionString()), Is.Null);
            _roots.Add(Path.GetDirectoryName(link.LinkTarget!)!);
        }
    }

    private string Root(string suffix)
    {
        var root = Path.Combine(Path.GetTempPath(), $"pe-{Guid.NewGuid():N}"[..11] + suffix);
        _roots.Add(root);
        return root;
    }

    private static EmbeddedPostgres Start(string root, bool throwaway) =>
        EmbeddedPostgres.Start(new EmbeddedPostgresOptions { RootDirectory = root, Throwaway = throwaway, MaxConnections = 10 }, NullLogger.Instance);

    private static async Task<string?> ServerAddressAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString + ";Pooling=false");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT inet_server_addr()::text", connection);
        return await command.ExecuteScalarAsync() as string;
    }
}
