using Microsoft.Extensions.DependencyInjection;
using Platform.Application.Identity.OAuth.Authorize;
using Platform.Application.Identity.OAuth.ClientMetadataDocuments;

namespace Platform.Application.Identity.OAuth;

/// <summary>The authorization server's application services (its handlers are found by the usual scan).</summary>
public static class OAuthApplicationServices
{
    public static IServiceCollection AddOAuthApplication(this IServiceCollection services)
    {
        services.AddScoped<ClientAuthenticator>();
        services.AddScoped<OAuthClientResolver>();
        services.AddScoped<AuthorizationRequestValidator>();
        services.AddScoped<AuthorizationCodeIssuer>();
        return services;
    }
}
