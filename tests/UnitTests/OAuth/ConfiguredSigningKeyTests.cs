using System.Security.Cryptography;
using Platform.Infrastructure.Security.Jwt;

namespace Platform.UnitTests.OAuth;

public sealed class ConfiguredSigningKeyTests
{
    [Test]
    public void No_file_means_no_configured_key()
    {
        Assert.That(ConfiguredSigningKey.Load(null).Key, Is.Null);
        Assert.That(ConfiguredSigningKey.Load(" ").Key, Is.Null);
    }

    [Test]
    public void Ec_p256_sec1_and_pkcs8_pems_load_as_es256()
    {
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        foreach (var pem in new[] { ec.ExportECPrivateKeyPem(), ec.ExportPkcs8PrivateKeyPem() })
        {
            var key = ConfiguredSigningKey.Load(Write(pem)).Key!;
            Assert.That(key.Algorithm, Is.EqualTo("ES256"));
            Assert.That(key.KeyId, Is.EqualTo(SigningKey.Thumbprint(key.ToPublicJwk(includeKid: false))));
        }
    }

    [Test]
    public void Rsa_pems_load_as_rs256()
    {
        using var rsa = RSA.Create(3072);
        Assert.That(ConfiguredSigningKey.Load(Write(rsa.ExportRSAPrivateKeyPem())).Key!.Algorithm, Is.EqualTo("RS256"));
    }

    [Test]
    public void Unusable_files_fail_with_a_message_naming_the_variable_and_the_file()
    {
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var small = RSA.Create(1024);
        var files = new[]
        {
            Path.Combine(Path.GetTempPath(), $"nope-{Guid.NewGuid():N}.pem"),
            Write("hello"),
            Write(ec.ExportSubjectPublicKeyInfoPem()),
            Write(small.ExportPkcs8PrivateKeyPem()),
        };
        foreach (var file in files)
        {
            var ex = Assert.Throws<InvalidOperationException>(() => ConfiguredSigningKey.Load(file));
            Assert.That(ex!.Message, Does.StartWith("AUTH_SIGNING_KEY_FILE").And.Contain(file));
        }
    }

    private static string Write(string content)
    {
        var path = Path.Combine(Path.GetTempPath(), $"unit-key-{Guid.NewGuid():N}.pem");
        File.WriteAllText(path, content);
        return path;
    }
}
