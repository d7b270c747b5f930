using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Platform.Application.Identity.OAuth;
using Platform.Infrastructure.Security.DataProtection;
using Platform.Infrastructure.Security.Jwt;

namespace Platform.Infrastructure.Security;

public static class OAuthInfrastructure
{
    /// <summary>
    /// Data Protection with its key ring in the database (shared by every node), the signing-key
    /// store (database, or <paramref name="signingKeyFile"/>), the access-token issuer, the
    /// encryption of refresh-token successors kept for the reuse grace, and the
    /// in-process key lookup (<see cref="LocalVerificationKeyProvider"/>) that the bearer handler
    /// uses when this server is the issuer.
    /// </summary>
    public static IServiceCollection AddOAuthInfrastructure(
        this IServiceCollection services, string? signingKeyFile, X509Certificate2? keyRingCertificate = null, IReadOnlyList<X509Certificate2>? previousCertificates = null)
    {
        var dataProtection = services.AddDataProtection().SetApplicationName("Platform");
        if (keyRingCertificate is not null)
        {
            // New keys are encrypted with the certificate's key; keys written before protection was
            // configured stay readable (they are plain XML), and the previous certificates still decrypt
            // keys written under them (rotation, README).
            dataProtection.ProtectKeysWithCertificate(keyRingCertificate);
            dataProtection.UnprotectKeysWithAnyCertificate([keyRingCertificate, .. previousCertificates ?? []]);
        }

        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp =>
            new ConfigureOptions<KeyManagementOptions>(o => o.XmlRepository = new DatabaseXmlRepository(sp.GetRequiredService<IServiceScopeFactory>())));

        services.AddSingleton(ConfiguredSigningKey.Load(signingKeyFile));
        services.AddSingleton<DatabaseSigningKeyStore>();
        services.AddSingleton<ISigningKeyStore>(sp => sp.GetRequiredService<DatabaseSigningKeyStore>());
        services.AddSingleton<ISigningKeyManager>(sp => sp.GetRequiredService<DatabaseSigningKeyStore>());
        services.AddSingleton<IAccessTokenIssuer, JwtAccessTokenIssuer>();
        services.AddSingleton<IRefreshTokenProtector, RefreshTokenProtector>();
        services.AddSingleton<LocalVerificationKeyProvider>();
        services.AddHostedService<SigningKeyInitializer>();
        return services;
    }
}

/// <summary>Creates the first signing key (and the Data Protection key ring) at start-up, not on the first token request.</summary>
internal sealed class SigningKeyInitializer(ISigningKeyStore keys) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken) => await keys.GetCurrentAsync(cancellationToken).ConfigureAwait(false);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
