using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Infrastructure.Security.Jwt;
using Platform.IntegrationTests.Support;

namespace Platform.IntegrationTests.OAuth;

/// <summary>Signing keys: generated and protected in the database, rotated with overlap, or taken from AUTH_SIGNING_KEY_FILE.</summary>
public sealed class SigningKeyTests
{
    private const string Redirect = "http://127.0.0.1:8765/callback";

    [Test]
    public async Task Rotation_signs_with_a_new_key_and_keeps_the_previous_one_published()
    {
        using var app = new PlatformApp();
        var flow = new OAuthFlow(app);
        using var owner = await app.BootstrapAsync();
        var before = await IssueTokenAsync(flow, owner);
        var firstKid = KidOf(before);
        Assert.That(await PublishedKidsAsync(app), Is.EqualTo(new[] { firstKid }));

        var rotated = await owner.SendRawAsync(HttpMethod.Post, "/api/admin/signing-keys/rotate", null);
        var rotatedJson = await rotated.ReadJsonAsync();
        Assert.That(rotated.StatusCode, Is.EqualTo(HttpStatusCode.OK), rotatedJson.ToString());
        var newKid = rotatedJson.GetProperty("kid").GetString()!;
        Assert.That(newKid, Is.Not.EqualTo(firstKid));
        Assert.That(rotatedJson.GetProperty("status").GetString(), Is.EqualTo("current"));

        var after = await IssueTokenAsync(flow, owner);
        Assert.That(KidOf(after), Is.EqualTo(newKid), "new tokens use the new key at once on the rotating node");
        Assert.That(await PublishedKidsAsync(app), Is.EqualTo(new[] { newKid, firstKid }), "current first, then the previous key");
        Assert.That(await VerifiesWithJwksAsync(app, before), Is.True, "a token signed before the rotation still verifies");
        Assert.That(await VerifiesWithJwksAsync(app, after), Is.True);

        var list = await (await owner.GetAsync("/api/admin/signing-keys")).ReadJsonAsync();
        var keys = list.GetProperty("keys").EnumerateArray().ToList();
        Assert.That(keys.Select(k => (k.GetProperty("kid").GetString(), k.GetProperty("status").GetString())),
            Is.EqualTo(new[] { (newKid, "current"), (firstKid, "previous") }));
        Assert.That(keys[1].GetProperty("retiredAt").GetString(), Is.Not.Null);

        // A second rotation: the newest retired key stays published; the oldest too while its tokens may live (1 h).
        var third = (await (await owner.SendRawAsync(HttpMethod.Post, "/api/admin/signing-keys/rotate", null)).ReadJsonAsync()).GetProperty("kid").GetString()!;
        Assert.That(await PublishedKidsAsync(app), Is.EqualTo(new[] { third, newKid, firstKid }));
        await using (var db = app.CreateDbContext())
        {
            await db.OAuthSigningKeys.Where(k => k.Id == firstKid).ExecuteUpdateAsync(s => s.SetProperty(k => k.RetiredAt, DateTimeOffset.UtcNow.AddHours(-2)));
        }

        await owner.SendRawAsync(HttpMethod.Post, "/api/admin/signing-keys/rotate", null);
        var published = await PublishedKidsAsync(app);
        Assert.That(published, Does.Contain(third).And.Contain(newKid).And.Not.Contain(firstKid), "long-retired keys drop out");
    }

    [Test]
    public async Task Api_mcp_accepts_tokens_signed_before_and_after_a_rotation()
    {
        using var app = new PlatformApp();
        var flow = new OAuthFlow(app);
        using var owner = await app.BootstrapAsync();
        var before = await IssueTokenAsync(flow, owner);
        Assert.That(await ToolsListStatusAsync(app, before), Is.EqualTo(HttpStatusCode.OK));

        var rotated = await owner.SendRawAsync(HttpMethod.Post, "/api/admin/signing-keys/rotate", null);
        Assert.That(rotated.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var after = await IssueTokenAsync(flow, owner);
        Assert.That(KidOf(after), Is.Not.EqualTo(KidOf(before)));

        Assert.That(await ToolsListStatusAsync(app, before), Is.EqualTo(HttpStatusCode.OK), "the previous key still verifies");
        Assert.That(await ToolsListStatusAsync(app, after), Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await ToolsListStatusAsync(app, after[..^4] + "AAAA"), Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task Only_owners_and_admins_may_list_or_rotate_keys()
    {
        using var app = new PlatformApp();
        using var owner = await app.BootstrapAsync();
        var (user, _) = await app.CreateUserAsync(owner, "plain@example.com");
        await (await user.SendRawAsync(HttpMethod.Post, "/api/admin/signing-keys/rotate", null)).AssertApiErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        await (await user.GetAsync("/api/admin/signing-keys")).AssertApiErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        using var anonymous = app.NewClient();
        Assert.That((await anonymous.SendRawAsync(HttpMethod.Post, "/api/admin/signing-keys/rotate", null)).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        var (admin, _) = await app.CreateUserAsync(owner, "admin@example.com", role: "admin");
        Assert.That((await admin.SendRawAsync(HttpMethod.Post, "/api/admin/signing-keys/rotate", null)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Private_keys_are_stored_protected_and_the_key_ring_lives_in_the_database()
    {
        using var app = new PlatformApp();
        using var client = app.NewClient();
        var kid = (await PublishedKidsAsync(app)).Single();
        await using var db = app.CreateDbContext();
        var row = await db.OAuthSigningKeys.SingleAsync(k => k.Id == kid);
        Assert.Multiple(() =>
        {
            Assert.That(row.Algorithm, Is.EqualTo("ES256"));
            Assert.That(row.IsCurrent, Is.True);
            Assert.That(row.ProtectedPrivateKey, Does.Not.Contain("PRIVATE KEY"));
            Assert.That(row.PublicJwk, Does.Contain(kid).And.Not.Contain("\"d\""));
        });
        Assert.That(await db.DataProtectionKeys.CountAsync(), Is.GreaterThanOrEqualTo(1));
        Assert.That((await db.DataProtectionKeys.FirstAsync()).Xml, Does.Contain("<key "));
    }

    [Test]
    public async Task Two_nodes_on_one_database_share_keys_and_find_each_others_rotations()
    {
        using var nodeA = new PlatformApp();
        using var owner = await nodeA.BootstrapAsync();
        using var nodeB = new PlatformApp(connectionString: nodeA.ConnectionString);
        var flowB = new OAuthFlow(nodeB);

        var kidA = (await PublishedKidsAsync(nodeA)).Single();
        Assert.That(await PublishedKidsAsync(nodeB), Is.EqualTo(new[] { kidA }), "node B did not create a key of its own");
        var tokenFromB = await IssueTokenAsync(flowB, owner);
        Assert.That(KidOf(tokenFromB), Is.EqualTo(kidA), "node B decrypts node A's key with the shared Data Protection key ring");

        var newKid = (await (await owner.SendRawAsync(HttpMethod.Post, "/api/admin/signing-keys/rotate", null)).ReadJsonAsync()).GetProperty("kid").GetString()!;
        var provider = nodeB.Services.GetRequiredService<IVerificationKeyProvider>();
        Assert.That(provider.GetType().Name, Is.EqualTo("LocalVerificationKeyProvider"));
        var found = await provider.FindAsync(newKid, CancellationToken.None);
        Assert.That(found?.KeyId, Is.EqualTo(newKid), "an unknown kid makes node B reload the keys");
        Assert.That((await provider.FindAsync(kidA, CancellationToken.None))?.KeyId, Is.EqualTo(kidA), "and the previous key still verifies");
        Assert.That(await provider.FindAsync("unknown-kid", CancellationToken.None), Is.Null);
    }

    [Test]
    public async Task Signing_key_file_with_an_ec_key_signs_every_token_and_is_published()
    {
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var path = WriteTemp(ec.ExportECPrivateKeyPem());
        using var expected = SigningKey.FromPem(File.ReadAllText(path));
        using var app = new PlatformApp(settings: new Dictionary<string, string?> { ["AUTH_SIGNING_KEY_FILE"] = path });
        var flow = new OAuthFlow(app);
        using var owner = await app.BootstrapAsync();

        var token = await IssueTokenAsync(flow, owner);
        Assert.That(KidOf(token), Is.EqualTo(expected.KeyId));
        Assert.That(HeaderOf(token).GetProperty("alg").GetString(), Is.EqualTo("ES256"));
        Assert.That((await PublishedKidsAsync(app))[0], Is.EqualTo(expected.KeyId));
        Assert.That(await VerifiesWithJwksAsync(app, token), Is.True);

        var rotate = await owner.SendRawAsync(HttpMethod.Post, "/api/admin/signing-keys/rotate", null);
        await rotate.AssertApiErrorAsync(HttpStatusCode.Conflict, "CONFLICT");
        var list = await (await owner.GetAsync("/api/admin/signing-keys")).ReadJsonAsync();
        Assert.That(list.GetProperty("keys")[0].GetProperty("source").GetString(), Is.EqualTo("file"));
    }

    [Test]
    public async Task Signing_key_file_with_an_rsa_key_signs_rs256()
    {
        using var rsa = RSA.Create(2048);
        var path = WriteTemp(rsa.ExportPkcs8PrivateKeyPem());
        using var app = new PlatformApp(settings: new Dictionary<string, string?> { ["AUTH_SIGNING_KEY_FILE"] = path });
        var flow = new OAuthFlow(app);
        using var owner = await app.BootstrapAsync();
        var token = await IssueTokenAsync(flow, owner);
        Assert.That(HeaderOf(token).GetProperty("alg").GetString(), Is.EqualTo("RS256"));
        Assert.That(await VerifiesWithJwksAsync(app, token), Is.True);
        using var http = app.NewClient();
        var jwk = (await (await http.GetAsync("/auth/jwks")).ReadJsonAsync()).GetProperty("keys")[0];
        Assert.That(jwk.GetProperty("kty").GetString(), Is.EqualTo("RSA"));
        Assert.That(jwk.GetProperty("alg").GetString(), Is.EqualTo("RS256"));
    }

    [TestCase("missing")]
    [TestCase("garbage")]
    [TestCase("public-only")]
    [TestCase("rsa-1024")]
    [TestCase("p384")]
    public void A_bad_signing_key_file_stops_start_up_with_a_clear_message(string kind)
    {
        string path;
        switch (kind)
        {
            case "missing":
                path = Path.Combine(Path.GetTempPath(), $"missing-{Guid.NewGuid():N}.pem");
                break;
            case "garbage":
                path = WriteTemp("-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----\n");
                break;
            case "public-only":
                using (var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256))
                {
                    path = WriteTemp(ec.ExportSubjectPublicKeyInfoPem());
                }

                break;
            case "rsa-1024":
                using (var rsa = RSA.Create(1024))
                {
                    path = WriteTemp(rsa.ExportPkcs8PrivateKeyPem());
                }

                break;
            default:
                using (var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384))
                {
                    path = WriteTemp(p384.ExportPkcs8PrivateKeyPem());
                }

                break;
        }

        var error = Assert.Catch(() => new PlatformApp(settings: new Dictionary<string, string?> { ["AUTH_SIGNING_KEY_FILE"] = path }).Dispose());
        var messages = string.Join(" | ", Flatten(error!).Select(e => e.Message));
        Assert.That(messages, Does.Contain("AUTH_SIGNING_KEY_FILE").And.Contain(path));
    }

    private static IEnumerable<Exception> Flatten(Exception e)
    {
        for (Exception? current = e; current is not null; current = current.InnerException)
        {
            yield return current;
        }
    }

    private static string WriteTemp(string content)
    {
        var path = Path.Combine(Path.GetTempPath(), $"platform-key-{Guid.NewGuid():N}.pem");
        File.WriteAllText(path, content);
        return path;
    }

    private static async Task<string> IssueTokenAsync(OAuthFlow flow, TestClient owner)
    {
        var client = await flow.RegisterPublicAsync(Redirect);
        var pkce = Pkce.New();
        var (code, _) = await flow.CodeForNewUserAsync(owner, client, pkce, Redirect);
        var response = await flow.ExchangeCodeAsync(client, code, pkce, Redirect);
        var json = await response.ReadJsonAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), json.ToString());
        return json.GetProperty("access_token").GetString()!;
    }

    private static async Task<HttpStatusCode> ToolsListStatusAsync(PlatformApp app, string token)
    {
        using var http = app.NewClient();
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/mcp")
        {
            Content = new StringContent("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":{}}", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        request.Headers.TryAddWithoutValidation("Accept", "application/json, text/event-stream");
        request.Headers.TryAddWithoutValidation("MCP-Protocol-Version", "2025-06-18");
        return (await http.Http.SendAsync(request)).StatusCode;
    }

    private static JsonElement HeaderOf(string token) => Jwt.Header(token);

    private static string KidOf(string token) => HeaderOf(token).GetProperty("kid").GetString()!;

    private static async Task<string[]> PublishedKidsAsync(PlatformApp app)
    {
        using var http = app.NewClient();
        var jwks = await (await http.GetAsync("/auth/jwks")).ReadJsonAsync();
        return jwks.GetProperty("keys").EnumerateArray().Select(k => k.GetProperty("kid").GetString()!).ToArray();
    }

    private static async Task<bool> VerifiesWithJwksAsync(PlatformApp app, string token)
    {
        using var http = app.NewClient();
        var jwks = JsonSerializer.Deserialize<JsonWebKeySet>(await (await http.GetAsync("/auth/jwks")).Content.ReadAsStringAsync())!;
        var jwk = jwks.Keys.FirstOrDefault(k => k.Kid == Jwt.KeyId(token));
        if (jwk is null)
        {
            return false;
        }

        var key = SigningKey.FromPublicJwk(jwk)!; // not disposed: IdentityModel caches signature providers by key thumbprint
        return await Jwt.VerifiesWithAsync(token, key);
    }
}
