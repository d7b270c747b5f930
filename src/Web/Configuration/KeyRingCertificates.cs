using System.Security.Cryptography.X509Certificates;

namespace Platform.Web.Configuration;

/// <summary>Loads the certificate that protects the Data Protection key ring: a PFX (PKCS #12) file, or PEM with the private key in the same file.</summary>
public static class KeyRingCertificates
{
    public static X509Certificate2 Load(string path, string? protection)
    {
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"DATA_PROTECTION_CERTIFICATE_FILE: {path} does not exist.");
        }

        var certificate = path.EndsWith(".pem", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".crt", StringComparison.OrdinalIgnoreCase)
            ? X509Certificate2.CreateFromPemFile(path)
            : X509CertificateLoader.LoadPkcs12FromFile(path, protection);
        return certificate.HasPrivateKey
            ? certificate
            : throw new InvalidOperationException($"The certificate in {path} has no private key: it could protect the key ring but never read it back.");
    }
}
