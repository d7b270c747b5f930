using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Platform.Web.Configuration;
using Platform.Web.Mcp.RateLimiting;

namespace Platform.Web.Mcp.OAuthJsonRpc;

/// <summary>
/// <c>/api/mcp</c>: the SDK's Streamable HTTP transport (<c>MapMcp</c>, stateless) serving the Zuko
/// tool catalog, with the contract's rules that the SDK does not apply as named pieces around it:
/// <see cref="McpRequestGate"/> (Origin, preflight, 405, errors as JSON-RPC) before authentication;
/// the bearer policy (401 challenge); then the endpoint filters <see cref="McpAcceptFilter"/> (406),
/// <see cref="McpMessageFilter"/> (413, -32700/-32600, version, params), <see cref="McpScopeFilter"/>
/// (403 step-up), <see cref="McpToolCallLimitFilter"/> (429, decision 0212),
/// <see cref="McpDirectToolCallFilter"/> (decision 0204) and, around the SDK only,
/// <see cref="McpPlainJsonFilter"/> (plain JSON for a JSON-only Accept).
/// </summary>
public static class McpJsonRpcRegistration
{
    public const string Path = "/api/mcp";

    public static IServiceCollection AddMcpJsonRpc(this IServiceCollection services)
    {
        var catalog = ZukoTools.CreateCatalog();
        services.AddKeyedSingleton(ZukoTools.Dialect, catalog);
        services.AddSingleton<McpOriginPolicy>();
        services.AddSingleton<McpAcceptFilter>();
        services.AddSingleton<McpMessageFilter>();
        services.AddSingleton<McpScopeFilter>();
        services.AddToolCallLimits();
        services.AddSingleton<McpToolCallLimitFilter>();
        services.AddSingleton<McpDirectToolCallFilter>();
        services.AddSingleton<McpPlainJsonFilter>();

        services.AddMcpServer(options =>
            {
                options.ServerInfo = new Implementation { Name = "platform", Title = "Platform", Version = "1.0.0" };
            })
            .WithHttpTransport(transport => transport.Stateless = true);

        // One SDK tool per catalog entry; the SDK collects the McpServerTool singletons into its options.
        foreach (var definition in catalog.Tools)
        {
            services.AddSingleton<McpServerTool>(sp => new CatalogMcpServerTool(definition));
        }

        // The SDK logs every tool call at Information: keep it off the hot path.
        services.AddLogging(logging => logging.AddFilter("ModelContextProtocol", LogLevel.Warning));
        return services;
    }

    /// <summary>The Origin/method gate; goes before authentication so that 403/405/preflight need no token.</summary>
    public static IApplicationBuilder UseMcpRequestGate(this IApplicationBuilder app) => app.UseMiddleware<McpRequestGate>();

    /// <summary>POST /api/mcp on the SDK's transport and the protected-resource metadata documents.</summary>
    public static IEndpointRouteBuilder MapMcpJsonRpc(this IEndpointRouteBuilder app)
    {
        var bearerOnly = new AuthorizationPolicyBuilder(JwtBearerDefaults.AuthenticationScheme).RequireAuthenticatedUser().Build();
        var edge = app.MapGroup(Path)
            .RequireAuthorization(bearerOnly)
            .ExcludeFromDescription()
            .AddEndpointFilter<McpAcceptFilter>()
            .AddEndpointFilter<McpMessageFilter>()
            .AddEndpointFilter<McpScopeFilter>()
            .AddEndpointFilter<McpToolCallLimitFilter>()
            .AddEndpointFilter<McpDirectToolCallFilter>()
            .AddEndpointFilter<McpPlainJsonFilter>();
        edge.MapMcp();
        app.MapProtectedResourceMetadata(app.ServiceProvider.GetRequiredService<PlatformOptions>());
        return app;
    }
}
