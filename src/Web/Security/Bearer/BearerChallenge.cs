using System.Text;
using Platform.Application.Common.Security;
using Platform.Web.Configuration;

namespace Platform.Web.Security.Bearer;

/// <summary>
/// The challenges of one bearer-protected MCP resource (RFC 6750 + RFC 9728 + MCP step-up): /api/mcp's
/// is the unkeyed singleton, another resource's is keyed by its authentication scheme. 401: <c>resource_metadata</c> and
/// the supported scopes, plus <c>error="invalid_token"</c> and a description only when a token was
/// presented. 403: <c>error="insufficient_scope"</c> with the scopes the token has plus the missing one.
/// Bodies are JSON-RPC errors, as MCP clients expect.
/// </summary>
public sealed class BearerChallenge
{
    public const int UnauthorizedCode = -32001;

    private readonly string _resourceMetadata;
    private readonly string _unauthorizedNoToken;
    private readonly IReadOnlyList<string> _scopes;

    public BearerChallenge(PlatformOptions options)
        : this(options.BackendUrl + "/.well-known/oauth-protected-resource/api/mcp", Scopes.McpScopes)
    {
    }

    /// <summary>The challenges of the resource whose RFC 9728 metadata is at <paramref name="resourceMetadataUrl"/>.</summary>
    public BearerChallenge(string resourceMetadataUrl, IReadOnlyList<string> scopes)
    {
        ResourceMetadataUrl = resourceMetadataUrl;
        _scopes = scopes;
        _resourceMetadata = $"resource_metadata=\"{ResourceMetadataUrl}\"";
        _unauthorizedNoToken = $"Bearer {_resourceMetadata}, scope=\"{string.Join(' ', scopes)}\"";
    }

    public string ResourceMetadataUrl { get; }

    /// <summary>The WWW-Authenticate value of a 401; <paramref name="error"/> is null when no token was presented.</summary>
    public string Unauthorized(string? error) =>
        error is null ? _unauthorizedNoToken : $"{_unauthorizedNoToken}, error=\"invalid_token\", error_description=\"{Quote(error)}\"";

    public string InsufficientScope(IEnumerable<string> granted, string required)
    {
        var scopes = granted.Where(s => s != required && _scopes.Contains(s)).Distinct(StringComparer.Ordinal).Append(required);
        return $"Bearer error=\"insufficient_scope\", scope=\"{string.Join(' ', scopes)}\", {_resourceMetadata}";
    }

    public async Task WriteUnauthorizedAsync(HttpContext context, string? error)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status401Unauthorized;
        response.Headers.WWWAuthenticate = Unauthorized(error);
        response.Headers.CacheControl = "no-store";
        await JsonRpcErrors.WriteAsync(context, UnauthorizedCode, "Unauthorized: " + (error ?? "missing bearer token"), idJson: null);
    }

    /// <summary>Only the printable ASCII a quoted-string may hold, without quotes or backslashes.</summary>
    private static string Quote(string value)
    {
        var builder = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            if (c is >= ' ' and <= '~' and not '"' and not '\\')
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}

/// <summary>Writes a JSON-RPC error object (id echoed when known, else null).</summary>
public static class JsonRpcErrors
{
    public static async Task WriteAsync(HttpContext context, int code, string message, string? idJson, string? dataJson = null)
    {
        context.Response.ContentType = "application/json";
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var writer = new System.Text.Json.Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("jsonrpc", "2.0");
            writer.WriteStartObject("error");
            writer.WriteNumber("code", code);
            writer.WriteString("message", message);
            if (dataJson is not null)
            {
                writer.WritePropertyName("data");
                writer.WriteRawValue(dataJson);
            }

            writer.WriteEndObject();
            writer.WritePropertyName("id");
            if (idJson is null)
            {
                writer.WriteNullValue();
            }
            else
            {
                writer.WriteRawValue(idJson);
            }

            writer.WriteEndObject();
        }

        await context.Response.Body.WriteAsync(buffer.WrittenMemory, context.RequestAborted);
    }
}
