using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Platform.Infrastructure.Security.Jwt;
using Platform.Web.Configuration;

namespace Platform.Web.Security.Bearer;

/// <summary>Service keys under which another module may offer an <see cref="IVerificationKeyProvider"/>.</summary>
public static class BearerKeySources
{
    /// <summary>
    /// The embedded authorization server registers its in-process key provider under this key
    /// (<c>services.AddKeyedSingleton&lt;IVerificationKeyProvider, …&gt;(BearerKeySources.Embedded)</c>).
    /// </summary>
    public const string Embedded = "embedded-issuer";
}

public static class BearerRegistration
{
    /// <summary>
    /// The <c>Bearer</c> scheme for /api/mcp (ASP.NET Core's JwtBearer with <see cref="AccessTokenHandler"/>
    /// as its only token handler and <see cref="BearerEvents"/>), and THE single place that decides where
    /// verification keys come from: when the issuer is this server (BETTER_AUTH_URL = BACKEND_URL) and the
    /// embedded authorization server offered a keyed <see cref="BearerKeySources.Embedded"/> provider, keys
    /// are read in-process; otherwise (an external issuer, or no embedded server) from the issuer's JWKS
    /// over HTTP (<see cref="HttpJwksKeyProvider"/>). Order-independent with the auth-server module.
    /// </summary>
    public static IServiceCollection AddMcpBearerAuthentication(this IServiceCollection services, PlatformOptions options)
    {
        services.AddHttpClient(HttpJwksKeyProvider.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(5))
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false });
        services.TryAddSingleton<HttpJwksKeyProvider>();
        services.TryAddSingleton<IVerificationKeyProvider>(sp => SelectKeyProvider(sp, options));
        services.TryAddSingleton<AccessTokenHandler>();
        services.TryAddSingleton<BearerChallenge>();
        services.TryAddSingleton<ActiveUserCache>();
        services.AddTokenRevocations();
        services.TryAddSingleton<BearerEvents>();
        services.AddAuthentication().AddJwtBearer(JwtBearerDefaults.AuthenticationScheme, _ => { });
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme).Configure<AccessTokenHandler>(ConfigureScheme);
        return services;
    }

    /// <summary>
    /// Another bearer-protected resource on the same keys and events: the scheme <paramref name="scheme"/>
    /// accepts only tokens whose <c>aud</c> is <paramref name="audience"/> (a token for /api/mcp is
    /// refused there and vice versa, 401 invalid_token), and its 401/403 challenges name
    /// <paramref name="resourceMetadataUrl"/> and <paramref name="scopes"/>. The principal is built as for
    /// the <c>Bearer</c> scheme, so the caller is limited to the token's scopes all the same.
    /// </summary>
    public static IServiceCollection AddBearerResource(
        this IServiceCollection services, PlatformOptions options, string scheme, string audience, string resourceMetadataUrl, IReadOnlyList<string> scopes)
    {
        services.AddKeyedSingleton(scheme, (sp, _) => new AccessTokenHandler(
            sp.GetRequiredService<IVerificationKeyProvider>(), options, sp.GetRequiredService<TimeProvider>(), audience));
        services.AddKeyedSingleton(scheme, new BearerChallenge(resourceMetadataUrl, scopes));
        services.AddAuthentication().AddJwtBearer(scheme, _ => { });
        services.AddOptions<JwtBearerOptions>(scheme).Configure<IServiceProvider>(
            (o, sp) => ConfigureScheme(o, sp.GetRequiredKeyedService<AccessTokenHandler>(scheme)));
        return services;
    }

    /// <summary>True when access tokens are issued by this server itself (the default deployment).</summary>
    public static bool UsesEmbeddedIssuer(PlatformOptions options) =>
        string.Equals(options.BetterAuthUrl, options.BackendUrl, StringComparison.OrdinalIgnoreCase);

    internal static IVerificationKeyProvider SelectKeyProvider(IServiceProvider services, PlatformOptions options) =>
        UsesEmbeddedIssuer(options) && services.GetKeyedService<IVerificationKeyProvider>(BearerKeySources.Embedded) is { } local
            ? local
            : services.GetRequiredService<HttpJwksKeyProvider>();

    /// <summary>
    /// No Authority/MetadataAddress (so no OpenID discovery and no ConfigurationManager): the keys come
    /// only from the provider chosen above, through <see cref="AccessTokenHandler"/>. The token is read
    /// by <see cref="BearerEvents.MessageReceived"/> from the Authorization header alone.
    /// </summary>
    internal static void ConfigureScheme(JwtBearerOptions scheme, AccessTokenHandler handler)
    {
        scheme.MapInboundClaims = false;
        scheme.TokenHandlers.Clear();
        scheme.TokenHandlers.Add(handler);
        scheme.TokenValidationParameters = handler.Parameters;
        scheme.EventsType = typeof(BearerEvents);
        scheme.RefreshOnIssuerKeyNotFound = false;
        scheme.SaveToken = false;
        scheme.IncludeErrorDetails = false;
    }
}
