using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol.Protocol;
using Platform.Web.Http;
using Platform.Web.Mcp.Catalog;
using Platform.Web.Mcp.CookieEnvelope;
using Platform.Web.Mcp.OAuthJsonRpc;
using Platform.Web.Observability;

namespace Platform.Web.Mcp.BoardTools;

/// <summary>
/// How the board tools' endpoint runs a tool of the Scrumboy catalog (decision 0106): names listed with
/// underscores (<c>todos_create</c>) as on /mcp/rpc; the per-tool gate of envelope-dialect.md §4.3 first
/// (anonymous mode, bootstrap), then the tool; the result's structured content is the envelope without
/// <c>ok</c>, <c>{"data": …, "meta": {…}}</c>, so that board.get's <c>meta.nextCursorByColumn</c> (and
/// hasMoreByColumn, totalCountByColumn, sprints.list's unscheduledCount) reaches the client, and its
/// text is the same JSON. A failure is an <c>isError</c> result with the envelope's message.
/// </summary>
internal sealed class BoardToolDialect : McpToolDialect
{
    public static readonly BoardToolDialect Instance = new();

    public override string TelemetryName => ToolCallDialects.BoardsMcp;

    public override string ListedName(ToolDefinition tool) => ScrumboyJsonRpc.ListedName(tool.Name);

    public override async Task<CallToolResult> RunAsync(ToolDefinition tool, JsonElement? input, IServiceProvider services, CancellationToken cancellationToken)
    {
        var output = await ScrumboyToolGate.RunAsync(tool, input, services, cancellationToken);
        var structured = new JsonObject
        {
            ["data"] = JsonSerializer.SerializeToNode(output.Data, WireJson.Options),
            ["meta"] = JsonSerializer.SerializeToNode(output.Meta ?? new Dictionary<string, object?>(), WireJson.Options),
        };
        var element = JsonSerializer.SerializeToElement(structured, WireJson.Options);
        return new CallToolResult
        {
            Content = [new TextContentBlock { Text = element.GetRawText() }],
            StructuredContent = element,
        };
    }

    public override string ErrorText(Exception exception, HttpContext context) => EnvelopeErrors.Translate(exception, context).Message;
}
