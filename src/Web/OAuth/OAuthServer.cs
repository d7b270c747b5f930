using Platform.Application.Identity.OAuth;
using Platform.Infrastructure.Security;
using Platform.Web.Configuration;
using Platform.Web.OAuth.Pages;

namespace Platform.Web.OAuth;

/// <summary>Issuer and resource, from BETTER_AUTH_URL / BACKEND_URL.</summary>
internal sealed record OAuthServerSettings(string Issuer, string Resource) : IOAuthServerSettings;

/// <summary>
/// Platform's own OAuth 2.1 authorization server under <c>/auth</c> (contract §3): metadata, JWKS,
/// dynamic client registration, authorize with login and consent pages, token and revocation.
/// </summary>
public static class OAuthServer
{
    public static IServiceCollection AddOAuthServer(this IServiceCollection services, PlatformOptions options)
    {
        services.AddSingleton<IOAuthServerSettings>(new OAuthServerSettings(options.Issuer, options.McpResource));
        services.AddOAuthApplication();
        // Embedded issuer (BETTER_AUTH_URL = BACKEND_URL): the bearer handler resolves keys in-process.
        services.AddOAuthInfrastructure(options.SigningKeyFile, embeddedIssuer: string.Equals(options.BetterAuthUrl, options.BackendUrl, StringComparison.Ordinal));
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
        app.MapSigningKeyAdminApi();
        return app;
    }
}
