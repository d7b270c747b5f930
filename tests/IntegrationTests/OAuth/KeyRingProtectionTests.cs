using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.EntityFrameworkCore;
using Platform.IntegrationTests.Support;

namespace Platform.IntegrationTests.OAuth;

/// <summary>
/// Security review finding 9: with DATA_PROTECTION_CERTIFICATE_FILE the Data Protection key ring (which
/// protects the signing keys) is stored encrypted, so a database backup alone no longer yields the
/// signing keys; a ring written before protection was configured keeps working.
/// </summary>
public sealed class KeyRingProtectionTests
{
    private string _pfx = null!;

    [OneTimeSetUp]
    public void CreateCertificate()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=Platform key ring test", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        _pfx = Path.Combine(Path.GetTempPath(), $"platform-keyring-{Guid.NewGuid():N}.pfx");
        File.WriteAllBytes(_pfx, certificate.Export(X509ContentType.Pfx, "secret"));
    }

    [OneTimeTearDown]
    public void DeleteCertificate() => File.Delete(_pfx);

    private Dictionary<string, string?> Protection() => new()
    {
        ["DATA_PROTECTION_CERTIFICATE_FILE"] = _pfx,
        ["DATA_PROTECTION_CERTIFICATE_PASSWORD"] = "secret",
    };

    private static async Task<List<string>> KeyRingAsync(PlatformApp app)
    {
        await using var db = app.CreateDbContext();
        return await db.Database.SqlQueryRaw<string>("SELECT xml AS \"Value\" FROM identity.data_protection_keys").ToListAsync();
    }

    private static async Task<string> KidsAsync(PlatformApp app)
    {
        using var client = app.NewClient();
        var jwks = await (await client.GetAsync("/auth/jwks")).ReadJsonAsync();
        return string.Join(",", jwks.GetProperty("keys").EnumerateArray().Select(k => k.GetProperty("kid").GetString()).Order(StringComparer.Ordinal));
    }

    [Test]
    public async Task With_a_certificate_the_key_ring_is_stored_encrypted()
    {
        using var app = new PlatformApp(settings: Protection());
        using (await app.BootstrapAsync())
        {
        }

        var ring = await KeyRingAsync(app);

        Assert.That(ring, Is.Not.Empty);
        Assert.That(ring, Has.All.Contains("encryptedSecret"));
        Assert.That(ring, Has.None.Contains("<value>"), "no master key in clear");
    }

    [Test]
    public async Task Without_one_the_ring_is_plain_and_it_keeps_working_once_protection_is_configured()
    {
        string connection, kids;
        using (var plain = new PlatformApp())
        {
            connection = plain.ConnectionString;
            Assert.That(await KeyRingAsync(plain), Has.All.Contains("<value>"), "today's unprotected ring");
            kids = await KidsAsync(plain);
        }

        using var protectedApp = new PlatformApp(connectionString: connection, settings: Protection());
        using var owner = await protectedApp.BootstrapAsync();

        Assert.That(await KidsAsync(protectedApp), Is.EqualTo(kids), "the signing key written under the old ring is still read");
        var rotated = await owner.SendRawAsync(HttpMethod.Post, "/api/admin/signing-keys/rotate", null);
        Assert.That(rotated.StatusCode, Is.EqualTo(HttpStatusCode.OK), await rotated.Content.ReadAsStringAsync());
    }
}
