using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Platform.Infrastructure.Security.Jwt;
using Platform.Web.Configuration;
using Platform.Web.Security.Bearer;

namespace Platform.UnitTests.Security;

/// <summary>The remote JWKS cache: fetch lazily, refetch once on an unknown kid, never faster than the minimum interval.</summary>
public sealed class HttpJwksKeyProviderTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private sealed class FakeIssuer : HttpMessageHandler
    {
        public List<SigningKey> Keys { get; } = [];

        public int Requests { get; private set; }

        public HttpStatusCode Status { get; set; } = HttpStatusCode.OK;

        public string? Body { get; set; }

        public Uri? LastUri { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests++;
            LastUri = request.RequestUri;
            var body = Body ?? JsonSerializer.Serialize(new JsonWebKeySet(Keys.Select(k => k.ToPublicJwk()).ToList()));
            return Task.FromResult(new HttpResponseMessage(Status) { Content = new StringContent(body, Encoding.UTF8, "application/json") });
        }
    }

    private sealed class Factory(HttpMessageHandler handler) : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => new(handler, disposeHandler: false);
    }

    private static (HttpJwksKeyProvider Provider, FakeIssuer Issuer, ManualTimeProvider Clock) Create()
    {
        var issuer = new FakeIssuer();
        var clock = new ManualTimeProvider(Start);
        var options = new PlatformOptions { BackendUrl = "https://rs.example", BetterAuthUrl = "https://as.example" };
        return (new HttpJwksKeyProvider(new Factory(issuer), options, clock, NullLogger<HttpJwksKeyProvider>.Instance), issuer, clock);
    }

    [Test]
    public async Task Keys_are_fetched_once_from_the_issuers_jwks_and_then_cached()
    {
        var (provider, issuer, _) = Create();
        using var key = SigningKey.GenerateEs256();
        issuer.Keys.Add(key);

        for (var i = 0; i < 10; i++)
        {
            Assert.That((await provider.FindAsync(key.KeyId, CancellationToken.None))?.KeyId, Is.EqualTo(key.KeyId));
        }

        Assert.That(issuer.Requests, Is.EqualTo(1));
        Assert.That(issuer.LastUri, Is.EqualTo(new Uri("https://as.example/auth/jwks")));
    }

    [Test]
    public async Task An_unknown_kid_refetches_once_and_finds_a_rotated_key()
    {
        var (provider, issuer, clock) = Create();
        using var first = SigningKey.GenerateEs256();
        using var second = SigningKey.GenerateRs256();
        issuer.Keys.Add(first);
        await provider.FindAsync(first.KeyId, CancellationToken.None);

        clock.Advance(HttpJwksKeyProvider.MinRefetchInterval);
        issuer.Keys.Add(second);
        var found = await provider.FindAsync(second.KeyId, CancellationToken.None);

        Assert.That(found?.KeyId, Is.EqualTo(second.KeyId));
        Assert.That(found?.Algorithm, Is.EqualTo(SigningKey.RS256));
        Assert.That(issuer.Requests, Is.EqualTo(2));
    }

    [Test]
    public async Task Garbage_kids_cannot_make_it_fetch_more_than_once_per_interval()
    {
        var (provider, issuer, clock) = Create();
        using var key = SigningKey.GenerateEs256();
        issuer.Keys.Add(key);

        for (var i = 0; i < 100; i++)
        {
            Assert.That(await provider.FindAsync($"garbage-{i}", CancellationToken.None), Is.Null);
        }

        Assert.That(issuer.Requests, Is.EqualTo(1));
        clock.Advance(HttpJwksKeyProvider.MinRefetchInterval - TimeSpan.FromSeconds(1));
        await provider.FindAsync("garbage-again", CancellationToken.None);
        Assert.That(issuer.Requests, Is.EqualTo(1));
        clock.Advance(TimeSpan.FromSeconds(1));
        await provider.FindAsync("garbage-later", CancellationToken.None);
        Assert.That(issuer.Requests, Is.EqualTo(2));
        Assert.That(await provider.FindAsync(key.KeyId, CancellationToken.None), Is.Not.Null, "known keys keep working");
        Assert.That(issuer.Requests, Is.EqualTo(2));
    }

    [Test]
    public async Task A_stale_key_set_is_refreshed_and_removed_keys_stop_working()
    {
        var (provider, issuer, clock) = Create();
        using var retired = SigningKey.GenerateEs256();
        using var current = SigningKey.GenerateEs256();
        issuer.Keys.Add(retired);
        await provider.FindAsync(retired.KeyId, CancellationToken.None);

        issuer.Keys.Clear();
        issuer.Keys.Add(current);
        clock.Advance(HttpJwksKeyProvider.MaxKeySetAge);

        Assert.That(await provider.FindAsync(retired.KeyId, CancellationToken.None), Is.Null);
        Assert.That(await provider.FindAsync(current.KeyId, CancellationToken.None), Is.Not.Null);
        Assert.That(issuer.Requests, Is.EqualTo(2));
    }

    [Test]
    public async Task A_failing_issuer_keeps_the_previous_keys()
    {
        var (provider, issuer, clock) = Create();
        using var key = SigningKey.GenerateEs256();
        issuer.Keys.Add(key);
        await provider.FindAsync(key.KeyId, CancellationToken.None);

        issuer.Status = HttpStatusCode.InternalServerError;
        clock.Advance(HttpJwksKeyProvider.MaxKeySetAge);

        Assert.That(await provider.FindAsync(key.KeyId, CancellationToken.None), Is.Not.Null);
        Assert.That(issuer.Requests, Is.EqualTo(2));
    }

    [TestCase("not json")]
    [TestCase("{\"keys\":[{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"AA\",\"y\":\"AA\",\"kid\":\"broken\"}]}")]
    [TestCase("{\"keys\":[],\"keys\":[]}")]
    [TestCase("{}")]
    public async Task Malformed_documents_yield_no_keys_and_no_exception(string body)
    {
        var (provider, issuer, _) = Create();
        issuer.Body = body;

        Assert.That(await provider.FindAsync("broken", CancellationToken.None), Is.Null);
    }

    [Test]
    public async Task An_oversize_document_is_refused()
    {
        var (provider, issuer, _) = Create();
        using var key = SigningKey.GenerateEs256();
        var jwk = JsonSerializer.Serialize(key.ToPublicJwk());
        issuer.Body = "{\"keys\":[" + string.Join(',', Enumerable.Repeat(jwk, 1 + (HttpJwksKeyProvider.MaxJwksBytes / jwk.Length))) + "]}";

        Assert.That(await provider.FindAsync(key.KeyId, CancellationToken.None), Is.Null);
    }

    [Test]
    public async Task Keys_for_encryption_or_weak_rsa_are_ignored()
    {
        var (provider, issuer, _) = Create();
        using var key = SigningKey.GenerateEs256();
        var jwk = key.ToPublicJwk() with { Use = "enc" };
        issuer.Body = JsonSerializer.Serialize(new JsonWebKeySet([jwk]));

        Assert.That(await provider.FindAsync(key.KeyId, CancellationToken.None), Is.Null);
    }
}
