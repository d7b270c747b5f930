using Platform.Web.Configuration;
using Platform.Web.Mcp.Catalog;
using Platform.Web.Mcp.Zuko;

namespace Platform.Web.Mcp.JsonRpc;

public static class McpJsonRpcRegistration
{
    /// <summary>
    /// The Zuko tool catalog (a keyed <see cref="ToolCatalog"/>, so it coexists with the envelope
    /// dialect's) and the stateless JSON-RPC endpoint generated from it.
    /// </summary>
    public static IServiceCollection AddMcpJsonRpc(this IServiceCollection services)
    {
        services.AddKeyedSingleton(ZukoTools.Dialect, (_, _) => ZukoTools.CreateCatalog());
        services.AddSingleton<McpOriginPolicy>();
        services.AddSingleton<McpJsonRpcEndpoint>();

        // The SDK logs every tool call at Information: keep it off the hot path.
        services.AddLogging(logging => logging.AddFilter("ModelContextProtocol", LogLevel.Warning));
        return services;
    }

    /// <summary>POST /api/mcp (plus 405s and CORS preflight) and the protected-resource metadata documents.</summary>
    public static IEndpointRouteBuilder MapMcpJsonRpc(this IEndpointRouteBuilder app)
    {
        var endpoint = app.ServiceProvider.GetRequiredService<McpJsonRpcEndpoint>();
        app.Map(McpJsonRpcEndpoint.Path, endpoint.HandleAsync);
        app.MapProtectedResourceMetadata(app.ServiceProvider.GetRequiredService<PlatformOptions>());
        return app;
    }
}
