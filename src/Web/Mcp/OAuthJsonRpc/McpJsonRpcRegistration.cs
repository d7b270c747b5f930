using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Platform.Web.Configuration;
using Platform.Web.Mcp.RateLimiting;
using Platform.Web.Security.Bearer;

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
        services.AddKeyedSingleton(ZukoTools.Dialect, (sp, _) => new McpToolSet(catalog, ZukoToolDialect.Instance, sp.GetRequiredService<BearerChallenge>()));
        services.AddSingleton(new McpEndpointPath(Path));
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
            .WithHttpTransport(transport =>
            {
                transport.Stateless = true;
                transport.ConfigureSessionOptions = ConfigureForEndpoint;
            });

        // /api/mcp's SDK tools (one per catalog entry); the SDK collects the McpServerTool singletons into its options.
        for (var i = 0; i < catalog.Tools.Count; i++)
        {
            var index = i;
            services.AddSingleton<McpServerTool>(sp => sp.GetRequiredKeyedService<McpToolSet>(ZukoTools.Dialect).Tools[index]);
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
        app.MapMcpResource(Path, JwtBearerDefaults.AuthenticationScheme, app.ServiceProvider.GetRequiredKeyedService<McpToolSet>(ZukoTools.Dialect));
        app.MapProtectedResourceMetadata(app.ServiceProvider.GetRequiredService<PlatformOptions>());
        return app;
    }

    /// <summary>
    /// One OAuth-protected MCP endpoint at <paramref name="path"/> (also registered as an
    /// <see cref="McpEndpointPath"/> for <see cref="McpRequestGate"/>): bearer tokens of
    /// <paramref name="scheme"/> only (its audience), the contract's filters, and the SDK's stateless
    /// transport serving <paramref name="tools"/>.
    /// </summary>
    internal static RouteGroupBuilder MapMcpResource(this IEndpointRouteBuilder app, string path, string scheme, McpToolSet tools)
    {
        var bearerOnly = new AuthorizationPolicyBuilder(scheme).RequireAuthenticatedUser().Build();
        var edge = app.MapGroup(path)
            .RequireAuthorization(bearerOnly)
            .ExcludeFromDescription()
            .WithMetadata(tools)
            .AddEndpointFilter<McpAcceptFilter>()
            .AddEndpointFilter<McpMessageFilter>()
            .AddEndpointFilter<McpScopeFilter>()
            .AddEndpointFilter<McpToolCallLimitFilter>()
            .AddEndpointFilter<McpDirectToolCallFilter>()
            .AddEndpointFilter<McpPlainJsonFilter>();
        edge.MapMcp();
        return edge;
    }

    /// <summary>
    /// The SDK's per-request server options (stateless: every request) get the tools of the endpoint the
    /// request was routed to; a call by a catalog name that is not the listed one (dotted, decision 0105)
    /// still finds its tool.
    /// </summary>
    private static Task ConfigureForEndpoint(HttpContext context, McpServerOptions options, CancellationToken cancellationToken)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<McpToolSet>() is { } tools)
        {
            options.ToolCollection = tools.Collection;
            if (tools.HasAliases)
            {
                options.Handlers.CallToolHandler = (request, ct) =>
                    request.Params?.Name is { } name && tools.TryGet(name, out var tool)
                        ? tool.InvokeAsync(request, ct)
                        : throw new McpProtocolException($"Unknown tool: '{request.Params?.Name}'", McpErrorCode.InvalidParams);
            }
        }

        return Task.CompletedTask;
    }
}
