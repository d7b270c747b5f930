using System.Net.Sockets;
using Platform.IntegrationTests.Support;

namespace Platform.IntegrationTests.Fuzz;

/// <summary>
/// Over raw TCP: a declared body slightly over an endpoint's limit is read and discarded before the
/// 413 (the client still sending it gets the answer, never a reset) and the connection serves the
/// next request; a much larger one is answered 413 with Connection: close.
/// </summary>
public sealed class OversizeBodyTests
{
    private PlatformApp _app = null!;
    private string _cookie = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _app = new PlatformApp();
        using var owner = await _app.BootstrapAsync();
        _cookie = owner.SessionCookie!;
    }

    [OneTimeTearDown]
    public void Stop() => _app.Dispose();

    public static IEnumerable<TestCaseData> Endpoints()
    {
        yield return new TestCaseData("/api/auth/login", 1024 * 1024).SetArgDisplayNames("login (1 MiB limit)");
        yield return new TestCaseData("/api/projects", 1024 * 1024).SetArgDisplayNames("REST write (1 MiB limit)");
        yield return new TestCaseData("/mcp", 4 * 1024 * 1024).SetArgDisplayNames("envelope (4 MiB limit)");
    }

    [TestCaseSource(nameof(Endpoints))]
    public async Task A_body_a_little_over_the_limit_gets_413_and_the_connection_serves_the_next_request(string path, int limit)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(_app.BaseAddress.Host, _app.BaseAddress.Port);
        var stream = tcp.GetStream();

        var (status, head) = await SendAsync(stream, path, limit + (limit / 8));
        Assert.That(status, Is.EqualTo(413), head);
        Assert.That(head, Does.Not.Contain("Connection: close"));

        var (next, nextHead) = await SendAsync(stream, "/healthz", 0, "GET");
        Assert.That(next, Is.EqualTo(200), nextHead);
    }

    [TestCaseSource(nameof(Endpoints))]
    public async Task A_body_far_over_the_limit_gets_413_and_connection_close(string path, int limit)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(_app.BaseAddress.Host, _app.BaseAddress.Port);

        var (status, head) = await SendAsync(tcp.GetStream(), path, (limit * 3) + 1);

        Assert.That(status, Is.EqualTo(413), head);
        Assert.That(head, Does.Contain("Connection: close"));
    }

    private Task<(int Status, string Head)> SendAsync(NetworkStream stream, string path, int bodyLength, string method = "POST") =>
        RawHttp.SendAsync(stream, method, path, bodyLength, ["Content-Type: application/json", "X-Scrumboy: 1", "Cookie: scrumboy_session=" + _cookie]);
}
