using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Platform.Domain.Common;
using Platform.Web.Http;
using Platform.Web.Mcp.Catalog;
using Platform.Web.Mcp.RateLimiting;
using Platform.Web.Observability;
using Platform.Web.Security;

namespace Platform.Web.Mcp.CookieEnvelope;

/// <summary>
/// Scrumboy's JSON-RPC binding of the same catalog on <c>POST /mcp/rpc</c> (envelope-dialect.md §12):
/// HTTP 200 with a JSON-RPC response (204 for notifications), <c>initialize</c>, <c>tools/list</c>
/// (schemas from the tools' descriptions) and <c>tools/call</c> (a tool failure is an <c>isError</c>
/// result carrying the envelope's message). Callers are resolved as on the envelope (session cookie
/// or <c>Bearer sb_…</c>, never a fallback from a failed bearer to the cookie). Tool names are listed
/// with underscores (<c>todos_create</c>) so that every MCP client accepts them; calls take either
/// spelling (decision 0105).
/// </summary>
internal static class ScrumboyJsonRpc
{
    public const string Path = "/mcp/rpc";

    /// <summary>The JSON-RPC body limit of §12.</summary>
    public const long MaxBodyBytes = 1024 * 1024;

    private const int ParseError = -32700;
    private const int InvalidRequest = -32600;
    private const int MethodNotFound = -32601;
    private const int InvalidParams = -32602;

    private static readonly JsonWriterOptions Compact = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The MCP name of a catalog tool: dots become underscores (<c>^[a-zA-Z0-9_-]{1,64}$</c>).</summary>
    public static string ListedName(string toolName) => toolName.Replace('.', '_');

    public static async Task HandleAsync(HttpContext context)
    {
        var response = context.Response;
        response.Headers.CacheControl = "no-store";
        if (!HttpMethods.IsPost(context.Request.Method))
        {
            await WriteErrorAsync(context, null, InvalidRequest, "only POST is accepted");
            return;
        }

        if (CrossOriginRequests.IsCrossOriginCookieCall(context.Request))
        {
            // A cookie-authenticated call from another origin is refused as on /mcp (decision 0500).
            response.StatusCode = StatusCodes.Status403Forbidden;
            await WriteErrorAsync(context, null, InvalidRequest, "forbidden: cross-origin request", status: StatusCodes.Status403Forbidden);
            return;
        }

        JsonDocument document;
        try
        {
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            {
                limit.MaxRequestBodySize = MaxBodyBytes;
            }

            var body = await WireJson.ReadBodyAsync(context.Request, MaxBodyBytes, static () => new EnvelopeTooLargeException());
            document = JsonDocument.Parse(body);
        }
        catch (Exception ex) when (ex is JsonException or EnvelopeTooLargeException or BadHttpRequestException)
        {
            await WriteErrorAsync(context, null, ParseError, "invalid JSON");
            return;
        }

        using (document)
        {
            await DispatchAsync(context, document.RootElement);
        }
    }

    private static async Task DispatchAsync(HttpContext context, JsonElement message)
    {
        if (message.ValueKind != JsonValueKind.Object)
        {
            await WriteErrorAsync(context, null, ParseError, "invalid JSON"); // batches included
            return;
        }

        var id = message.TryGetProperty("id", out var idElement) && idElement.ValueKind != JsonValueKind.Null ? idElement : (JsonElement?)null;
        if (id is { ValueKind: not (JsonValueKind.Number or JsonValueKind.String) })
        {
            await WriteErrorAsync(context, null, InvalidRequest, "invalid id");
            return;
        }

        if (!message.TryGetProperty("jsonrpc", out var version) || version.ValueKind != JsonValueKind.String || version.GetString() != "2.0")
        {
            await WriteErrorAsync(context, id, InvalidRequest, "jsonrpc must be \"2.0\"");
            return;
        }

        if (!message.TryGetProperty("method", out var methodElement) || methodElement.ValueKind != JsonValueKind.String
            || methodElement.GetString() is not { Length: > 0 } method)
        {
            await WriteErrorAsync(context, id, InvalidRequest, "method is required");
            return;
        }

        var parameters = message.TryGetProperty("params", out var p) && p.ValueKind != JsonValueKind.Null ? p : (JsonElement?)null;
        switch (method)
        {
            case "notifications/initialized" or "initialized":
                if (id is not null)
                {
                    await WriteErrorAsync(context, id, InvalidRequest, "notifications must not have an id");
                    return;
                }

                context.Response.StatusCode = StatusCodes.Status204NoContent;
                return;
            case "initialize" or "tools/list" or "tools/call" when id is null:
                await WriteErrorAsync(context, null, InvalidRequest, "id is required");
                return;
            case "initialize":
                if (parameters is { ValueKind: not JsonValueKind.Object })
                {
                    await WriteErrorAsync(context, id, InvalidParams, "invalid params");
                    return;
                }

                await WriteResultAsync(context, id, static w =>
                {
                    w.WriteString("protocolVersion", "2024-11-05");
                    w.WriteStartObject("capabilities");
                    w.WriteStartObject("tools");
                    w.WriteEndObject();
                    w.WriteEndObject();
                    w.WriteStartObject("serverInfo");
                    w.WriteString("name", "scrumboy");
                    w.WriteString("version", "1.0.0");
                    w.WriteEndObject();
                    w.WriteString("instructions", "Scrumboy MCP server. Use tools/list to discover available tools.");
                });
                return;
            case "tools/list":
                var catalog = context.RequestServices.GetRequiredKeyedService<ToolCatalog>(ScrumboyTools.CatalogKey);
                await WriteResultAsync(context, id, w =>
                {
                    w.WriteStartArray("tools");
                    foreach (var tool in catalog.Tools)
                    {
                        w.WriteStartObject();
                        w.WriteString("name", ListedName(tool.Name));
                        w.WriteString("description", tool.Description);
                        w.WritePropertyName("inputSchema");
                        tool.InputSchema.WriteTo(w);
                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                });
                return;
            case "tools/call":
                await CallAsync(context, id!.Value, parameters);
                return;
            default:
                if (id is null)
                {
                    context.Response.StatusCode = StatusCodes.Status204NoContent; // an unknown notification is ignored
                    return;
                }

                await WriteErrorAsync(context, id, MethodNotFound, "method not found");
                return;
        }
    }

    private static async Task CallAsync(HttpContext context, JsonElement id, JsonElement? parameters)
    {
        if (parameters is null)
        {
            await WriteErrorAsync(context, id, InvalidParams, "missing params");
            return;
        }

        if (parameters.Value.ValueKind != JsonValueKind.Object
            || (parameters.Value.TryGetProperty("name", out var n) && n.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
            || (parameters.Value.TryGetProperty("arguments", out var a) && a.ValueKind is not (JsonValueKind.Object or JsonValueKind.Null)))
        {
            await WriteErrorAsync(context, id, InvalidParams, "invalid params");
            return;
        }

        if (!parameters.Value.TryGetProperty("name", out var nameElement) || nameElement.GetString() is not { Length: > 0 } name)
        {
            await WriteErrorAsync(context, id, InvalidParams, "missing params.name");
            return;
        }

        var arguments = parameters.Value.TryGetProperty("arguments", out var given) && given.ValueKind == JsonValueKind.Object ? given : (JsonElement?)null;
        var catalog = context.RequestServices.GetRequiredKeyedService<ToolCatalog>(ScrumboyTools.CatalogKey);
        if (!catalog.TryGet(name, out var tool) && !catalog.TryGet(DottedName(catalog, name), out tool))
        {
            await WriteToolErrorAsync(context, id, "tool not found");
            return;
        }

        var telemetry = ToolCallTelemetry.Start(context.RequestServices, ToolCallDialects.McpRpc, tool.Name);
        if (MissingRequired(tool, arguments) is { } missing)
        {
            // Refused before the tool runs, but a call of a known tool the caller got wrong: counted as on /api/mcp.
            var refusal = ValidationFailedException.ForField($"missing required field: {missing}", missing);
            telemetry.Failed(context, refusal);
            await WriteToolErrorAsync(context, id, refusal.Message);
            return;
        }

        try
        {
            await EnvelopeEndpoint.ResolveCallerAsync(context);
            var limiter = context.RequestServices.GetRequiredService<ToolCallRateLimiter>();
            if (await limiter.CheckAsync(context) is { } refusal)
            {
                // The budget every MCP endpoint shares (decision 0212): 429 and -32000, as on /api/mcp (decision 0107).
                await limiter.WriteJsonRpcAsync(context, refusal, id.GetRawText());
                return;
            }

            var output = await ScrumboyToolGate.RunAsync(tool, arguments, context.RequestServices, context.RequestAborted);
            var data = JsonSerializer.SerializeToElement(output.Data, WireJson.Options);
            await WriteResultAsync(context, id, w =>
            {
                w.WriteStartArray("content");
                w.WriteStartObject();
                w.WriteString("type", "text");
                w.WriteString("text", data.GetRawText());
                w.WriteEndObject();
                w.WriteEndArray();
                w.WritePropertyName("structuredContent");
                data.WriteTo(w);
            });
            telemetry.Succeeded(context);
        }
        catch (AuthRequiredException ex) when (EnvelopeEndpoint.IsBearerAttempt(context.Request.Headers.Authorization.FirstOrDefault()))
        {
            telemetry.Failed(context, ex);
            await WriteToolErrorAsync(context, id, "authentication required"); // a failed Bearer (§12)
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !context.RequestAborted.IsCancellationRequested)
        {
            telemetry.Failed(context, ex);
            await WriteToolErrorAsync(context, id, EnvelopeErrors.Translate(ex, context).Message);
        }
    }

    /// <summary>A listed (underscore) name back to the catalog's dotted name.</summary>
    private static string DottedName(ToolCatalog catalog, string listed) =>
        catalog.Tools.FirstOrDefault(t => ListedName(t.Name) == listed)?.Name ?? listed;

    /// <summary>The first required argument (by the tool's input schema) that is absent or null.</summary>
    private static string? MissingRequired(ToolDefinition tool, JsonElement? arguments)
    {
        if (!tool.InputSchema.TryGetProperty("required", out var required))
        {
            return null;
        }

        foreach (var field in required.EnumerateArray())
        {
            var key = field.GetString()!;
            if (arguments is not { } args || !args.TryGetProperty(key, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                return key;
            }
        }

        return null;
    }

    private static Task WriteToolErrorAsync(HttpContext context, JsonElement id, string text) =>
        WriteResultAsync(context, id, w =>
        {
            w.WriteStartArray("content");
            w.WriteStartObject();
            w.WriteString("type", "text");
            w.WriteString("text", text);
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteBoolean("isError", true);
        });

    private static Task WriteResultAsync(HttpContext context, JsonElement? id, Action<Utf8JsonWriter> result) =>
        WriteAsync(context, StatusCodes.Status200OK, w =>
        {
            WriteHead(w, id);
            w.WriteStartObject("result");
            result(w);
            w.WriteEndObject();
        });

    private static Task WriteErrorAsync(HttpContext context, JsonElement? id, int code, string message, int status = StatusCodes.Status200OK) =>
        WriteAsync(context, status, w =>
        {
            WriteHead(w, id);
            w.WriteStartObject("error");
            w.WriteNumber("code", code);
            w.WriteString("message", message);
            w.WriteEndObject();
        });

    private static void WriteHead(Utf8JsonWriter w, JsonElement? id)
    {
        w.WriteString("jsonrpc", "2.0");
        w.WritePropertyName("id");
        if (id is { } value)
        {
            value.WriteTo(w);
        }
        else
        {
            w.WriteNullValue();
        }
    }

    private static async Task WriteAsync(HttpContext context, int status, Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer, Compact))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }

        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.Body.WriteAsync(buffer.WrittenMemory, context.RequestAborted);
    }
}
