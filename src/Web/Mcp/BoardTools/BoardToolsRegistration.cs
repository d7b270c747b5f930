using Platform.Application.Common.Security;
using Platform.Web.Configuration;
using Platform.Web.Mcp.Catalog;
using Platform.Web.Mcp.CookieEnvelope;
using Platform.Web.Mcp.OAuthJsonRpc;
using Platform.Web.Security.Bearer;

namespace Platform.Web.Mcp.BoardTools;

/// <summary>
/// <c>/api/boards/mcp</c> (decision 0106): the board tools for OAuth MCP clients, as stateless Streamable
/// HTTP on the SDK with /api/mcp's filters (<see cref="McpJsonRpcRegistration.MapMcpResource"/>), as a
/// protected resource of its own: RFC 9728 metadata at
/// <c>/.well-known/oauth-protected-resource/api/boards/mcp</c>, tokens whose <c>aud</c> is this resource
/// (the <see cref="Scheme"/> scheme), scopes <c>projects:read</c> and <c>projects:write</c>.
/// </summary>
public static class BoardToolsRegistration
{
    public const string Path = "/api/boards/mcp";

    public const string MetadataPath = "/.well-known/oauth-protected-resource/api/boards/mcp";

    /// <summary>The bearer scheme of this resource (audience <see cref="PlatformOptions.BoardsMcpResource"/>).</summary>
    public const string Scheme = "BoardsBearer";

    public const string CatalogKey = "boards";

    public const string ResourceName = "Platform MCP (projects and boards)";

    public static IServiceCollection AddBoardTools(this IServiceCollection services, PlatformOptions options)
    {
        services.AddBearerResource(options, Scheme, options.BoardsMcpResource, options.BackendUrl + MetadataPath, Scopes.BoardScopes);
        services.AddSingleton(new McpEndpointPath(Path));
        services.AddKeyedSingleton(CatalogKey, (sp, _) => new McpToolSet(
            CreateCatalog(), BoardToolDialect.Instance, sp.GetRequiredKeyedService<BearerChallenge>(Scheme)));
        return services;
    }

    public static IEndpointRouteBuilder MapBoardTools(this IEndpointRouteBuilder app)
    {
        var options = app.ServiceProvider.GetRequiredService<PlatformOptions>();
        app.MapMcpResource(Path, Scheme, app.ServiceProvider.GetRequiredKeyedService<McpToolSet>(CatalogKey));
        app.MapProtectedResourceMetadata(MetadataPath, options.Issuer, options.BoardsMcpResource, Scopes.BoardScopes, ResourceName);
        return app;
    }

    /// <summary>
    /// The Scrumboy catalog's 27 request-backed tools (every one but <c>system.getCapabilities</c>, which
    /// describes the envelope dialect and its cookie sign-in, not this endpoint).
    /// </summary>
    internal static ToolCatalog CreateCatalog() =>
        new(CatalogKey, ScrumboyTools.Build().Tools.Where(t => t.RequestType is not null));
}
