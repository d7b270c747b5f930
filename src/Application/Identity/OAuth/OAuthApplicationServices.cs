using Microsoft.Extensions.DependencyInjection;
using Platform.Application.Identity.OAuth.Authorize;

namespace Platform.Application.Identity.OAuth;

/// <summary>The authorization server's application services (its handlers are found by the usual scan).</summary>
public static class OAuthApplicationServices
{
    public static IServiceCollection AddOAuthApplication(this IServiceCollection services)
    {
        services.AddScoped<ClientAuthenticator>();
        services.AddScoped<AuthorizationRequestValidator>();
        services.AddScoped<AuthorizationCodeIssuer>();
        return services;
    }
}
