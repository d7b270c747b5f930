using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Platform.IntegrationTests.Support;

namespace Platform.IntegrationTests.Operations;

/// <summary>
/// The server as an operator starts it: <c>dotnet Platform.Web.dll</c> from another working directory,
/// on a new, empty database, with the JSON console switch the framework offers
/// (<c>Logging__Console__FormatterName=json</c>). Every line is JSON, the shipped levels hold (no SQL
/// or per-request lines at Information), and a first start logs no error.
/// </summary>
public sealed class ServerProcessLogTests
{
    [Test]
    public async Task Started_from_its_dll_elsewhere_it_logs_json_at_the_shipped_levels_and_no_error_on_a_new_database()
    {
        var dll = WebDll();
        var port = FreePort();
        var workingDirectory = Directory.CreateTempSubdirectory("platform-cwd-").FullName;
        var start = new ProcessStartInfo("dotnet", [dll])
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ConnectionStrings__Platform"] = TestCluster.CreateEmptyDatabase();
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["BACKEND_URL"] = $"http://127.0.0.1:{port}";
        start.Environment["Logging__Console__FormatterName"] = "json";
        start.Environment["DOTNET_ENVIRONMENT"] = "Development";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        foreach (var variable in new[] { "ASPNETCORE_CONTENTROOT", "DOTNET_CONTENTROOT", "OTEL_EXPORTER_OTLP_ENDPOINT", "Logging__LogLevel__Default" })
        {
            start.Environment.Remove(variable);
        }

        var lines = new List<string>();
        using var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => { if (e.Data is { Length: > 0 } line) { lock (lines) { lines.Add(line); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is { Length: > 0 } line) { lock (lines) { lines.Add("stderr: " + line); } } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
            var ready = false;
            for (var i = 0; i < 600 && !ready && !process.HasExited; i++)
            {
                try
                {
                    ready = (await http.GetAsync("/readyz")).StatusCode == HttpStatusCode.OK;
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                    await Task.Delay(100);
                }
            }

            Assert.That(ready, Is.True, "the server did not get ready:\n" + Joined(lines));
            using var bootstrap = new StringContent("""{"email":"owner@example.com","password":"password123","name":"Owner"}""", System.Text.Encoding.UTF8, "application/json");
            bootstrap.Headers.Add("X-Scrumboy", "1");
            Assert.That((await http.PostAsync("/api/auth/bootstrap", bootstrap)).StatusCode, Is.EqualTo(HttpStatusCode.Created));
            Assert.That((await http.GetAsync("/mcp")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        string[] snapshot;
        lock (lines)
        {
            snapshot = [.. lines];
        }

        var text = Joined(snapshot);
        Assert.That(snapshot.Where(l => l.StartsWith("stderr: ", StringComparison.Ordinal)), Is.Empty, text);
        var entries = snapshot.Select(line =>
        {
            try
            {
                return JsonDocument.Parse(line).RootElement.Clone();
            }
            catch (JsonException)
            {
                throw new AssertionException("not a JSON line: " + line + "\n" + text);
            }
        }).ToList();
        var categories = entries.Select(e => (Level: e.GetProperty("LogLevel").GetString(), Category: e.GetProperty("Category").GetString())).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(entries.Any(e => e.GetProperty("Message").GetString()!.StartsWith("Now listening on", StringComparison.Ordinal)), Is.True, text);
            Assert.That(categories.Where(c => c.Level is "Error" or "Critical"), Is.Empty, "no error on a first start:\n" + text);
            Assert.That(categories.Where(c => c.Category!.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal) && c.Level is "Information" or "Debug"),
                Is.Empty, "appsettings.json (EF at Warning) was read:\n" + text);
            Assert.That(categories.Where(c => c.Category == "Microsoft.AspNetCore.Hosting.Diagnostics" && c.Level == "Information"), Is.Empty, "no per-request lines:\n" + text);
        });
    }

    private static string Joined(IEnumerable<string> lines) => string.Join('\n', lines);

    /// <summary>src/Web's build output of the configuration this test assembly was built in.</summary>
    private static string WebDll()
    {
        var testBin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = testBin.Name;
        var configuration = testBin.Parent!.Name;
        var root = testBin;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Platform.sln")))
        {
            root = root.Parent;
        }

        var dll = Path.Combine(root!.FullName, "src", "Web", "bin", configuration, framework, "Platform.Web.dll");
        Assert.That(File.Exists(dll), Is.True, dll);
        return dll;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
