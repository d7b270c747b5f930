using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace Platform.IntegrationTests.Support;

/// <summary>
/// Runs the TypeScript SDK client scripts of tests/clients/ts with Node.js (build/setup.sh
/// --ts-client installs Node.js and the SDK) and reads the JSON object each prints last.
/// </summary>
public static class NodeScripts
{
    /// <summary>A free loopback port: the server must listen where BACKEND_URL says, since Node.js connects there and issuer and resource are checked exactly.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Runs <paramref name="script"/>; fails the test with its output unless it exits 0; returns its last line as JSON.</summary>
    public static async Task<JsonElement> RunAsync(string script, IDictionary<string, string> environment, TimeSpan? timeout = null)
    {
        var (exitCode, stdout, stderr) = await RunRawAsync(script, environment, timeout ?? TimeSpan.FromSeconds(120));
        Assert.That(exitCode, Is.Zero, $"node {script} failed:\n{stderr}\n{stdout}");
        return JsonDocument.Parse(stdout.Trim().Split('\n')[^1]).RootElement.Clone();
    }

    /// <summary>
    /// Runs the MCP Inspector CLI pinned in tests/clients/ts (<c>mcp-inspector --cli …</c>) with its own
    /// empty home and catalog, so nothing of a developer's ~/.mcp-inspector is read or written; answers
    /// its exit code and output.
    /// </summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunInspectorAsync(params string[] arguments)
    {
        var home = Directory.CreateTempSubdirectory("mcp-inspector-");
        try
        {
            var launcher = Path.Combine("node_modules", "@modelcontextprotocol", "inspector", "clients", "launcher", "build", "index.js");
            Assert.That(File.Exists(Path.Combine(ClientDirectory(), launcher)), Is.True,
                "the MCP Inspector is not installed: run build/setup.sh --ts-client (npm ci in tests/clients/ts)");
            return await RunProcessAsync([launcher, "--cli", .. arguments], new Dictionary<string, string>
            {
                ["HOME"] = home.FullName,
                ["MCP_CATALOG_PATH"] = Path.Combine(home.FullName, "mcp.json"),
                ["NO_COLOR"] = "1",
            }, TimeSpan.FromSeconds(90));
        }
        finally
        {
            home.Delete(recursive: true);
        }
    }

    private static string ClientDirectory() => Path.Combine(RepositoryRoot(), "tests", "clients", "ts");

    private static Task<(int ExitCode, string Stdout, string Stderr)> RunRawAsync(string script, IDictionary<string, string> environment, TimeSpan timeout)
    {
        Assert.That(Directory.Exists(Path.Combine(ClientDirectory(), "node_modules", "@modelcontextprotocol", "sdk")), Is.True,
            "the TypeScript SDK is not installed: run build/setup.sh --ts-client (npm ci in tests/clients/ts)");
        return RunProcessAsync([script], environment, timeout);
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunProcessAsync(string[] arguments, IDictionary<string, string> environment, TimeSpan timeout)
    {
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = ClientDirectory(),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"node {string.Join(' ', arguments)} did not finish within {timeout.TotalSeconds} s: {await stderr}");
        }

        return (process.ExitCode, await stdout, await stderr);
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Platform.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Platform.sln not found above " + TestContext.CurrentContext.TestDirectory);
    }
}
