using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Platform.IntegrationTests.Support;

namespace Platform.IntegrationTests.Operations;

/// <summary>
/// The Prometheus scrape path (decision 0007): absent unless enabled; enabled, answered only to a
/// configured network or the configured bearer secret, and a 404 like any unknown path to everyone
/// else, however the path is spelled (case, percent-encoding, a trailing slash).
/// </summary>
public sealed class PrometheusScrapeTests
{
    private const string Secret = "scrape-secret-0123456789abcdef";

    /// <summary>Spellings of /metrics that routing would take for it.</summary>
    private static readonly string[] Spellings = ["/metrics", "/METRICS", "/Metrics/", "/%6Detrics", "/%6detrics", "/metric%73", "/metrics?name=x"];

    [Test]
    public async Task Not_enabled_the_path_is_unknown_even_to_loopback()
    {
        using var app = new PlatformApp(settings: new Dictionary<string, string?> { ["Telemetry:Prometheus:AllowedNetworks"] = "127.0.0.0/8" });
        foreach (var path in Spellings)
        {
            Assert.That(await StatusAsync(app, path), Is.EqualTo(404), path);
        }
    }

    [Test]
    public async Task An_allowed_network_gets_the_metrics_of_the_framework_npgsql_and_platform_under_every_spelling()
    {
        using var app = new PlatformApp(settings: new Dictionary<string, string?>
        {
            ["Telemetry:Prometheus:Enabled"] = "true",
            ["Telemetry:Prometheus:AllowedNetworks"] = "192.0.2.0/24, 127.0.0.1",
        });
        using var owner = await app.BootstrapAsync();
        Assert.That((await owner.PostJsonAsync("/mcp", new { tool = "projects.list", input = new { } })).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        using var scraper = app.NewClient();
        var response = await scraper.GetAsync("/metrics");
        var text = await response.Content.ReadAsStringAsync();
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(text, Does.Contain("platform_mcp_tool_calls_total{").And.Contain("dialect=\"envelope\"").And.Contain("tool=\"projects.list\""));
            Assert.That(text, Does.Contain("platform_mcp_tool_duration_seconds_bucket{"));
            Assert.That(text, Does.Contain("http_server_request_duration_seconds_bucket{"), "ASP.NET Core's HTTP server metrics");
            Assert.That(text, Does.Match(@"(?m)^db_client_\w+"), "Npgsql's metrics");
        });

        foreach (var path in Spellings)
        {
            Assert.That(await StatusAsync(app, path), Is.EqualTo(200), path);
        }

        Assert.That(await StatusOfMethodAsync(app, "POST", "/metrics"), Is.EqualTo(404), "only GET scrapes");
    }

    [Test]
    public async Task Outside_the_networks_and_without_the_secret_every_spelling_is_a_404()
    {
        using var app = new PlatformApp(settings: new Dictionary<string, string?>
        {
            ["Telemetry:Prometheus:Enabled"] = "true",
            ["Telemetry:Prometheus:AllowedNetworks"] = "10.20.0.0/16",
        });
        foreach (var path in Spellings)
        {
            Assert.That(await StatusAsync(app, path), Is.EqualTo(404), path);
            Assert.That(await StatusAsync(app, path, "Authorization: Bearer " + Secret), Is.EqualTo(404), path + " (no secret is configured)");
        }

        // Behind a trusted proxy (loopback by default) the forwarded client address is the one checked.
        Assert.That(await StatusAsync(app, "/metrics", "X-Forwarded-For: 10.20.3.4"), Is.EqualTo(200));
        Assert.That(await StatusAsync(app, "/metrics", "X-Forwarded-For: 10.21.3.4"), Is.EqualTo(404));
    }

    [Test]
    public async Task With_a_bearer_secret_only_the_exact_secret_scrapes()
    {
        using var app = new PlatformApp(settings: new Dictionary<string, string?>
        {
            ["Telemetry:Prometheus:Enabled"] = "true",
            ["Telemetry:Prometheus:BearerToken"] = Secret,
        });
        foreach (var path in Spellings)
        {
            Assert.That(await StatusAsync(app, path, "Authorization: Bearer " + Secret), Is.EqualTo(200), path);
            Assert.That(await StatusAsync(app, path), Is.EqualTo(404), path + " without a secret");
        }

        string[][] refused =
        [
            ["Authorization: Bearer " + Secret[..^1]],
            ["Authorization: Bearer " + Secret + "x"],
            ["Authorization: Bearer " + Secret.ToUpperInvariant()],
            ["Authorization: Basic " + Secret],
            ["Authorization: " + Secret],
            ["Authorization: Bearer " + Secret, "Authorization: Bearer " + Secret],
        ];
        foreach (var headers in refused)
        {
            Assert.That(await StatusAsync(app, "/metrics", headers), Is.EqualTo(404), string.Join(" | ", headers));
        }

        using var scraper = app.NewClient();
        scraper.Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Secret);
        Assert.That(await scraper.Http.GetStringAsync("/metrics"), Does.Contain("# TYPE "));
    }

    [Test]
    public void A_network_that_is_not_one_stops_the_start()
    {
        var failure = Assert.Catch(() => new PlatformApp(settings: new Dictionary<string, string?>
        {
            ["Telemetry:Prometheus:Enabled"] = "true",
            ["Telemetry:Prometheus:AllowedNetworks"] = "10.0.0.0/8, intranet",
        }).Dispose());
        Assert.That(failure!.ToString(), Does.Contain("'intranet' is neither an IP address nor a CIDR network"));
    }

    /// <summary>The status of a request sent byte for byte (HttpClient would normalise the path).</summary>
    private static Task<int> StatusAsync(PlatformApp app, string path, params string[] headers) => StatusOfMethodAsync(app, "GET", path, headers);

    private static async Task<int> StatusOfMethodAsync(PlatformApp app, string method, string path, params string[] headers)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(app.BaseAddress.Host, app.BaseAddress.Port);
        var (status, _) = await RawHttp.SendAsync(tcp.GetStream(), method, path, 0, headers);
        return status;
    }
}
