using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Platform.Infrastructure.Security.ClientMetadataDocuments;
using Platform.IntegrationTests.Support;

namespace Platform.IntegrationTests.OAuth;

/// <summary>
/// The metadata-document fetch refuses forbidden addresses before it connects (decision 0304). Names
/// resolve through an injected network whose connect step only records (it never opens a socket), so
/// no test sends a packet outside loopback even if the check failed.
/// </summary>
public sealed class ClientMetadataDocumentSsrfTests
{
    private readonly RecordingNetwork _network = new();
    private PlatformApp _app = null!;
    private OAuthFlow _flow = null!;

    [OneTimeSetUp]
    public void Start()
    {
        _app = new PlatformApp(services: services =>
        {
            services.RemoveAll<IClientMetadataNetwork>();
            services.AddSingleton<IClientMetadataNetwork>(_network);
        });
        _flow = new OAuthFlow(_app);
    }

    [OneTimeTearDown]
    public void Stop() => _app.Dispose();

    [TestCase("10.0.0.1")]
    [TestCase("192.168.1.1")]
    [TestCase("169.254.169.254")]
    [TestCase("fe80::1")]
    [TestCase("::1")]
    [TestCase("127.0.0.1")]
    [TestCase("::ffff:10.0.0.1")]
    [TestCase("fd00:ec2::254")]
    public async Task A_name_resolving_to_a_forbidden_address_is_refused_without_a_connection(string address)
    {
        var host = "client-" + Guid.NewGuid().ToString("N")[..8] + ".example";
        _network.Names[host] = [IPAddress.Parse(address)];

        var page = await AuthorizeAsync($"https://{host}/client.json");

        Assert.That(page.Status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(page.Html, Does.Contain("is not allowed").And.Contain("reserved address"), page.Html);
        Assert.That(_network.Resolved, Does.Contain(host), "the name went through the injected resolver");
        Assert.That(_network.ConnectionsTo(host), Is.Empty, "no connection was attempted");
    }

    [Test]
    public async Task One_forbidden_address_among_public_ones_refuses_the_name()
    {
        var host = "mixed-" + Guid.NewGuid().ToString("N")[..8] + ".example";
        _network.Names[host] = [IPAddress.Parse("93.184.216.34"), IPAddress.Parse("10.0.0.1")];

        var page = await AuthorizeAsync($"https://{host}/client.json");

        Assert.That(page.Html, Does.Contain("is not allowed"));
        Assert.That(_network.ConnectionsTo(host), Is.Empty);
    }

    [TestCase("https://169.254.169.254/latest/meta-data/client.json")]
    [TestCase("https://[fe80::1]/client.json")]
    [TestCase("https://10.0.0.1/client.json")]
    public async Task An_address_literal_is_checked_without_resolving(string url)
    {
        var before = _network.Connections.Count;
        var page = await AuthorizeAsync(url);
        Assert.That(page.Html, Does.Contain("is not allowed"), page.Html);
        Assert.That(_network.Connections.Count, Is.EqualTo(before), "no connection was attempted");
    }

    [TestCase("http://metadata.example/client.json", "must use https")]
    [TestCase("http://127.0.0.1:8080/client.json", "must use https")]
    [TestCase("https://app.example/", "must have a path")]
    [TestCase("https://user@app.example/client.json", "user information")]
    [TestCase("https://app.example/a/../client.json", ". or .. path segments")]
    public async Task Urls_that_cannot_name_a_document_are_refused_before_any_lookup(string url, string reason)
    {
        var resolvedBefore = _network.Resolved.Count;
        var page = await AuthorizeAsync(url);
        Assert.That(page.Status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(page.Html, Does.Contain(reason), page.Html);
        Assert.That(_network.Resolved.Count, Is.EqualTo(resolvedBefore), "http is refused without the loopback switch, before resolving");
    }

    [Test]
    public async Task A_public_address_is_connected_to()
    {
        var host = "public-" + Guid.NewGuid().ToString("N")[..8] + ".example";
        _network.Names[host] = [IPAddress.Parse("93.184.216.34")];

        var page = await AuthorizeAsync($"https://{host}/client.json");

        // The recording network refuses the connection itself (no packet leaves); the attempt shows the check let it through.
        Assert.That(_network.ConnectionsTo(host), Is.EqualTo(new[] { new IPEndPoint(IPAddress.Parse("93.184.216.34"), 443) }));
        Assert.That(page.Html, Does.Contain("could not be fetched"));
    }

    private async Task<OAuthFlow.Page> AuthorizeAsync(string clientId)
    {
        using var browser = _flow.NewBrowser();
        return await OAuthFlow.GetPageAsync(browser, OAuthFlow.AuthorizePath(
            new RegisteredClient(clientId, null, "none", default), Pkce.New(), "http://127.0.0.1:47125/callback"));
    }

    /// <summary>Resolves from a table and records connection attempts, refusing every one (no socket is opened).</summary>
    private sealed class RecordingNetwork : IClientMetadataNetwork
    {
        private readonly AsyncLocal<string?> _host = new();

        public ConcurrentDictionary<string, IPAddress[]> Names { get; } = new(StringComparer.OrdinalIgnoreCase);

        public ConcurrentBag<string> Resolved { get; } = [];

        public ConcurrentQueue<(string? Host, IPEndPoint Endpoint)> Connections { get; } = new();

        public IEnumerable<IPEndPoint> ConnectionsTo(string host) => Connections.Where(c => c.Host == host).Select(c => c.Endpoint).ToArray();

        public Task<IPAddress[]> ResolveAsync(string host, CancellationToken ct)
        {
            Resolved.Add(host);
            _host.Value = host;
            return Task.FromResult(Names.TryGetValue(host, out var addresses) ? addresses : []);
        }

        public Task<Stream> ConnectAsync(IPEndPoint endpoint, CancellationToken ct)
        {
            Connections.Enqueue((_host.Value, endpoint));
            throw new IOException("the test network opens no connections");
        }
    }
}
