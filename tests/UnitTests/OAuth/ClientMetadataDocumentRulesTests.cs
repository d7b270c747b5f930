using System.Net;
using Platform.Application.Identity.OAuth.ClientMetadataDocuments;
using Platform.Domain.Identity.OAuth;
using Platform.Infrastructure.Security.ClientMetadataDocuments;

namespace Platform.UnitTests.OAuth;

/// <summary>The URL, document, address and option rules of client ID metadata documents (decision 0304).</summary>
public sealed class ClientMetadataDocumentRulesTests
{
    [TestCase("10.0.0.1")]
    [TestCase("172.16.5.4")]
    [TestCase("192.168.1.1")]
    [TestCase("127.0.0.1")]
    [TestCase("169.254.169.254")]
    [TestCase("100.100.100.200")]
    [TestCase("0.0.0.0")]
    [TestCase("224.0.0.1")]
    [TestCase("255.255.255.255")]
    [TestCase("::1")]
    [TestCase("::")]
    [TestCase("fe80::1")]
    [TestCase("fd00:ec2::254")]
    [TestCase("::ffff:169.254.169.254")]
    [TestCase("::10.0.0.1")]
    [TestCase("64:ff9b::a00:1")]
    [TestCase("2002:c0a8:0101::1")]
    [TestCase("ff02::1")]
    public void Forbidden_addresses(string address) => Assert.That(ForbiddenAddresses.IsForbidden(IPAddress.Parse(address)), Is.True);

    [TestCase("93.184.216.34")]
    [TestCase("160.79.104.10")]
    [TestCase("2607:6bc0::10")]
    [TestCase("::ffff:93.184.216.34")]
    public void Public_addresses(string address) => Assert.That(ForbiddenAddresses.IsForbidden(IPAddress.Parse(address)), Is.False);

    [Test]
    public void The_loopback_switch_allows_loopback_only()
    {
        Assert.That(ForbiddenAddresses.IsForbidden(IPAddress.Parse("127.0.0.1"), allowLoopback: true), Is.False);
        Assert.That(ForbiddenAddresses.IsForbidden(IPAddress.IPv6Loopback, allowLoopback: true), Is.False);
        Assert.That(ForbiddenAddresses.IsForbidden(IPAddress.Parse("10.0.0.1"), allowLoopback: true), Is.True);
        Assert.That(ForbiddenAddresses.IsForbidden(IPAddress.Parse("169.254.169.254"), allowLoopback: true), Is.True);
    }

    [TestCase("https://claude.ai/oauth/claude-code-client-metadata", false, null)]
    [TestCase("https://app.example/client.json?v=2", false, null)]
    [TestCase("http://app.example/client.json", false, "must use https")]
    [TestCase("http://127.0.0.1:5000/client.json", false, "must use https")]
    [TestCase("http://127.0.0.1:5000/client.json", true, null)]
    [TestCase("http://localhost:5000/client.json", true, null)]
    [TestCase("http://[::1]:5000/client.json", true, null)]
    [TestCase("http://app.example/client.json", true, "must use https")]
    [TestCase("https://app.example", false, "must have a path")]
    [TestCase("https://app.example/", false, "must have a path")]
    [TestCase("https://app.example/client.json#x", false, "fragment")]
    [TestCase("https://u:p@app.example/client.json", false, "user information")]
    [TestCase("https://app.example/./client.json", false, "dot")]
    [TestCase("https://app.example/a/%2E%2E/client.json", false, "dot")]
    [TestCase("https://app.example/client json", false, "printable ASCII")]
    public void Document_urls(string url, bool allowHttpLoopback, string? problem)
    {
        var result = ClientIdMetadataDocument.CheckUrl(url, allowHttpLoopback);
        if (problem is null)
        {
            Assert.That(result, Is.Null);
        }
        else
        {
            Assert.That(result, Does.Contain(problem.Replace("dot", ". or ..", StringComparison.Ordinal)));
        }
    }

    [Test]
    public void Only_public_clients_may_be_described()
    {
        var metadata = new ClientMetadata { ClientName = "App", RedirectUris = ["http://127.0.0.1/callback"] };
        var client = OAuthClient.FromMetadataDocument("https://app.example/c.json", metadata, DateTimeOffset.UnixEpoch);
        Assert.Multiple(() =>
        {
            Assert.That(client.TokenEndpointAuthMethod, Is.EqualTo("none"), "absent means none");
            Assert.That(client.SecretHash, Is.Null);
            Assert.That(client.RedirectsOnlyToLocalhost, Is.True);
            Assert.That(client.AllowsRedirectUri("http://127.0.0.1:53124/callback"), Is.True, "loopback port (RFC 8252 §7.3)");
            Assert.That(client.AllowsRedirectUri("http://127.0.0.1/other"), Is.False);
        });
        var error = Assert.Throws<OAuthException>(() =>
            OAuthClient.FromMetadataDocument("https://app.example/c.json", metadata with { TokenEndpointAuthMethod = "client_secret_post" }, DateTimeOffset.UnixEpoch))!;
        Assert.That(error.Error, Is.EqualTo("invalid_client_metadata"));
    }

    [Test]
    public void The_loopback_switch_is_refused_in_production()
    {
        var options = new ClientMetadataDocumentOptions { AllowHttpLoopback = true };
        Assert.That(options.Problem(production: true), Does.Contain("refused in Production"));
        Assert.That(options.Problem(production: false), Is.Null);
        Assert.That(new ClientMetadataDocumentOptions().Problem(production: true), Is.Null, "off by default");
    }

    [TestCase("max-age=60", 300)]
    [TestCase("max-age=3600", 3600)]
    [TestCase("max-age=999999", 86400)]
    [TestCase("no-store", 300)]
    [TestCase(null, 300)]
    public void Cache_lifetime_follows_the_headers_within_bounds(string? cacheControl, int seconds)
    {
        using var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("{}") };
        if (cacheControl is not null)
        {
            response.Headers.TryAddWithoutValidation("Cache-Control", cacheControl);
        }

        Assert.That(ClientMetadataDocumentFetcher.Lifetime(response, DateTimeOffset.UtcNow, new ClientMetadataDocumentOptions()), Is.EqualTo(TimeSpan.FromSeconds(seconds)));
    }
}
