using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Platform.Application.Identity.OAuth.ClientMetadataDocuments;

namespace Platform.Infrastructure.Security.ClientMetadataDocuments;

public static class ClientMetadataDocumentsInfrastructure
{
    /// <summary>
    /// Client ID metadata documents (decision 0304): the options from <c>OAuth:ClientMetadataDocuments</c>
    /// (validated at start-up; the loopback switch is refused in Production), the per-node cache, and
    /// the named HTTP client whose connections go through <see cref="SafeConnector"/>: no proxy, no
    /// redirects, no cookies, no decompression.
    /// </summary>
    public static IServiceCollection AddClientMetadataDocuments(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ClientMetadataDocumentOptions>().Bind(configuration.GetSection(ClientMetadataDocumentOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ClientMetadataDocumentOptions>, ClientMetadataDocumentOptionsValidator>();
        services.AddSingleton<IClientMetadataNetwork, SystemClientMetadataNetwork>();
        services.AddSingleton<ClientMetadataDocumentFetcher>();
        services.AddSingleton<ClientMetadataDocumentCache>();
        services.AddSingleton<IClientMetadataDocuments>(sp => sp.GetRequiredService<ClientMetadataDocumentCache>());
        services.AddHttpClient(ClientMetadataDocumentFetcher.HttpClientName, client =>
            {
                client.Timeout = Timeout.InfiniteTimeSpan; // the fetcher's own deadline covers the whole fetch
                client.DefaultRequestHeaders.UserAgent.ParseAdd("Platform-OAuth/1.0 (client ID metadata document fetch)");
            })
            .ConfigurePrimaryHttpMessageHandler(sp =>
            {
                var options = sp.GetRequiredService<IOptions<ClientMetadataDocumentOptions>>().Value;
                var connector = new SafeConnector(sp.GetRequiredService<IClientMetadataNetwork>(), options.AllowHttpLoopback);
                return new SocketsHttpHandler
                {
                    AllowAutoRedirect = false,
                    UseProxy = false,
                    UseCookies = false,
                    AutomaticDecompression = System.Net.DecompressionMethods.None,
                    ConnectTimeout = options.FetchTimeout,
                    MaxResponseHeadersLength = 16,
                    ConnectCallback = connector.ConnectAsync,
                };
            });
        return services;
    }
}

/// <summary>
/// Refuses to start with unusable metadata-document settings, or with the loopback switch in
/// Production (a container without a host environment counts as Production).
/// </summary>
internal sealed class ClientMetadataDocumentOptionsValidator(IHostEnvironment? environment = null) : IValidateOptions<ClientMetadataDocumentOptions>
{
    public ValidateOptionsResult Validate(string? name, ClientMetadataDocumentOptions options) =>
        options.Problem(environment?.IsProduction() ?? true) is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;
}
