using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Platform.IntegrationTests.Support;

namespace Platform.IntegrationTests.Operations;

/// <summary>
/// A client that goes away in the middle of its body (it announced more bytes than it sent, then closed
/// its side) is the client's failure: no Error line is written, and if anything is answered it is a 4xx.
/// Load generators do this at the end of every run; before, each one logged an "Unexpected error" with a
/// stack trace.
/// </summary>
public sealed class UnreadableRequestTests
{
    [TestCase("/mcp", "session")]
    [TestCase("/mcp/rpc", "token")]
    [TestCase("/api/auth/login", "none")]
    public async Task A_body_cut_short_by_a_client_that_left_is_no_error(string path, string credential)
    {
        var capture = new CapturingLoggerProvider();
        using var app = new PlatformApp(
            settings: new Dictionary<string, string?>
            {
                ["Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics"] = "Information",
                ["Logging:LogLevel:Platform"] = "Debug",
            },
            services: services => services.AddSingleton<ILoggerProvider>(capture));
        using var owner = await app.BootstrapAsync();
        var headers = new StringBuilder();
        switch (credential)
        {
            case "session":
                headers.Append("Cookie: scrumboy_session=").Append(owner.SessionCookie).Append("\r\nX-Scrumboy: 1\r\n");
                break;
            case "token":
                var created = await owner.PostJsonAsync("/api/me/tokens", new { name = "cli" });
                headers.Append("Authorization: Bearer ").Append((await created.ReadJsonAsync()).GetProperty("token").GetString()).Append("\r\n");
                break;
            default:
                headers.Append("X-Scrumboy: 1\r\n");
                break;
        }

        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(app.BaseAddress.Host, app.BaseAddress.Port);
        var request = $"POST {path} HTTP/1.1\r\nHost: {app.BaseAddress.Authority}\r\nContent-Type: application/json\r\n"
                      + $"Accept: application/json, text/event-stream\r\n{headers}Content-Length: 1000\r\n\r\n{{\"tool\":\"proj";
        await socket.SendAsync(Encoding.ASCII.GetBytes(request));
        await Task.Delay(500); // the server is waiting for the rest of the body when the client goes
        socket.Shutdown(SocketShutdown.Send); // the body ends 986 bytes early

        var answer = new StringBuilder();
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        try
        {
            int read;
            while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token)) > 0)
            {
                answer.Append(Encoding.ASCII.GetString(buffer, 0, read));
            }
        }
        catch (SocketException)
        {
            // Kestrel may reset the connection of a client that stopped sending: nothing was answered.
        }

        // The request has run to its end once the host logs it as finished.
        var until = DateTime.UtcNow.AddSeconds(20);
        while (!capture.Lines.Any(l => l.Contains("Request finished", StringComparison.Ordinal) && l.Contains(path, StringComparison.Ordinal))
               && DateTime.UtcNow < until)
        {
            await Task.Delay(50);
        }

        var statusLine = answer.ToString().Split("\r\n")[0];
        var finished = capture.Lines.Where(l => l.Contains("Request finished", StringComparison.Ordinal) && l.Contains(path, StringComparison.Ordinal)).ToList();
        var errors = capture.Lines.Where(l => l.StartsWith("Error ", StringComparison.Ordinal) || l.StartsWith("Critical ", StringComparison.Ordinal)).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(finished, Has.Count.EqualTo(1), "the request ran to its end");
            Assert.That(finished.Single(), Does.Not.Match(@"StatusCode=5\d\d"), "never a 5xx");
            Assert.That(statusLine, Is.Empty.Or.StartWith("HTTP/1.1 4"), answer.ToString());
            Assert.That(errors, Is.Empty);
        });
    }
}
