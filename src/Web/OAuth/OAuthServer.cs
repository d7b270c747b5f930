using Platform.Application.Identity.OAuth;
using Platform.Infrastructure.Security;
using Platform.Infrastructure.Security.Jwt;
using Platform.Web.Configuration;
using Platform.Web.OAuth.Pages;
using Platform.Web.Security.Bearer;

namespace Platform.Web.OAuth;

/// <summary>Issuer and resource, from BETTER_AUTH_URL / BACKEND_URL.</summary>
internal sealed record OAuthServerSettings(string Issuer, string Resource, string? BoardsResource) : IOAuthServerSettings;

/// <summary>
/// Platform's own OAuth 2.1 authorization server under <c>/auth</c> (contract §3): metadata, JWKS,
/// dynamic client registration, authorize with login and consent pages, token and revocation.
/// </summary>
public static class OAuthServer
{
    public static IServiceCollection AddOAuthServer(this IServiceCollection services, PlatformOptions options)
    {
        services.AddSingleton<IOAuthServerSettings>(new OAuthServerSettings(options.Issuer, options.McpResource, options.BoardsMcpResource));
        services.AddOAuthApplication();
        services.AddOAuthInfrastructure(
            options.SigningKeyFile,
            options.KeyRingProtection is { } protection ? KeyRingCertificates.Load(protection.CertificateFile, protection.Password) : null,
            options.KeyRingProtection?.PreviousCertificateFiles.Select(f => KeyRingCertificates.Load(f, protection: options.KeyRingProtection.Password)).ToList());
        // Offered to the bearer handler, which uses it when this server is the issuer
        // (BETTER_AUTH_URL = BACKEND_URL) and the remote JWKS provider otherwise.
        services.AddKeyedSingleton<IVerificationKeyProvider>(BearerKeySources.Embedded, (sp, _) => sp.GetRequiredService<LocalVerificationKeyProvider>());
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "platform_oauth_csrf";
            o.Cookie.Path = "/auth";
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.FormFieldName = OAuthPages.AntiforgeryField;
            o.SuppressXFrameOptionsHeader = true; // the pages send X-Frame-Options: DENY themselves
        });
        return services;
    }

    public static IEndpointRouteBuilder MapOAuthServer(this IEndpointRouteBuilder app)
    {
        app.MapOAuthMetadata();
        app.MapClientRegistration();
        app.MapAuthorization();
        app.MapTokenEndpoints();
        return app;
    }
}
