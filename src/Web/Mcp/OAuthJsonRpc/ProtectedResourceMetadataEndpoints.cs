using System.Text.Json;
using Platform.Application.Common.Security;
using Platform.Web.Configuration;

namespace Platform.Web.Mcp.OAuthJsonRpc;

/// <summary>
/// RFC 9728 protected-resource metadata of /api/mcp, at the path-inserted URL and at the root. The
/// resource and the authorization server are the configured RESOURCE and ISSUER, byte for byte
/// (strict clients compare them); <c>offline_access</c> is not listed. CORS <c>*</c> on GET and OPTIONS.
/// </summary>
public static class ProtectedResourceMetadataEndpoints
{
    public const string PathInserted = "/.well-known/oauth-protected-resource/api/mcp";
    public const string Root = "/.well-known/oauth-protected-resource";

    public static IEndpointRouteBuilder MapProtectedResourceMetadata(this IEndpointRouteBuilder app, PlatformOptions options) =>
        app.MapProtectedResourceMetadata(Build(options), PathInserted, Root);

    /// <summary>
    /// The metadata of another resource at its path-inserted URL (<paramref name="path"/>), e.g. the board
    /// tools' (decision 0106); the root document stays /api/mcp's.
    /// </summary>
    public static IEndpointRouteBuilder MapProtectedResourceMetadata(
        this IEndpointRouteBuilder app, string path, string issuer, string resource, IReadOnlyList<string> scopes, string resourceName) =>
        app.MapProtectedResourceMetadata(Build(issuer, resource, scopes, resourceName), path);

    private static IEndpointRouteBuilder MapProtectedResourceMetadata(this IEndpointRouteBuilder app, byte[] document, params string[] paths)
    {
        foreach (var path in paths)
        {
            app.MapMethods(path, [HttpMethods.Get, HttpMethods.Head], context => WriteAsync(context, document));
            app.MapMethods(path, [HttpMethods.Options], context =>
            {
                AllowAnyOrigin(context.Response);
                context.Response.Headers.AccessControlAllowMethods = "GET, OPTIONS";
                context.Response.Headers.AccessControlAllowHeaders = "Authorization, Content-Type, MCP-Protocol-Version";
                context.Response.Headers.AccessControlMaxAge = "86400";
                context.Response.StatusCode = StatusCodes.Status204NoContent;
                return Task.CompletedTask;
            });
        }

        return app;
    }

    internal static byte[] Build(PlatformOptions options) =>
        Build(options.Issuer, options.McpResource, Scopes.McpScopes, "Platform MCP (organizations and tasks)");

    internal static byte[] Build(string issuer, string resource, IReadOnlyList<string> scopes, string resourceName)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("resource", resource);
            writer.WriteStartArray("authorization_servers");
            writer.WriteStringValue(issuer);
            writer.WriteEndArray();
            writer.WriteString("jwks_uri", issuer + "/jwks");
            writer.WriteStartArray("scopes_supported");
            foreach (var scope in scopes)
            {
                writer.WriteStringValue(scope);
            }

            writer.WriteEndArray();
            writer.WriteStartArray("bearer_methods_supported");
            writer.WriteStringValue("header");
            writer.WriteEndArray();
            writer.WriteString("resource_name", resourceName);
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static async Task WriteAsync(HttpContext context, byte[] document)
    {
        AllowAnyOrigin(context.Response);
        context.Response.ContentType = "application/json";
        context.Response.Headers.CacheControl = "public, max-age=300";
        context.Response.ContentLength = document.Length;
        if (!HttpMethods.IsHead(context.Request.Method))
        {
            await context.Response.Body.WriteAsync(document, context.RequestAborted);
        }
    }

    private static void AllowAnyOrigin(HttpResponse response)
    {
        response.Headers.AccessControlAllowOrigin = "*";
        response.Headers.AccessControlExposeHeaders = "Content-Type";
    }
}
