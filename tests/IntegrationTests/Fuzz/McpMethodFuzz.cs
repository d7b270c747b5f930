using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Platform.IntegrationTests.Fuzz;

/// <summary>The four classes of the outside fuzz run, generated for every /api/mcp method.</summary>
public enum McpFuzzClass
{
    /// <summary>Each member at every depth of params replaced by false, a number, a string, an object, an array or null.</summary>
    WrongType,

    /// <summary>Each member of every object (top level, params, arguments, _meta, clientInfo…) written twice.</summary>
    DuplicateKey,

    /// <summary>Raw invalid UTF-8 bytes inside every string and member name (not escaped).</summary>
    InvalidUtf8,

    /// <summary>Every string and member name replaced by an escaped lone surrogate (<c>"\ud800"</c>, <c>"\udc00"</c>).</summary>
    LoneSurrogate,
}

/// <summary>What a case must be answered with (every answer also passes the common shape check).</summary>
public enum McpExpectation
{
    /// <summary>HTTP 400, JSON-RPC error -32700 or -32600 (duplicate member names, at any depth).</summary>
    Refused,

    /// <summary>HTTP 400, JSON-RPC error -32602 or -32600 (-32020 header mismatch too under 2026-07-28).</summary>
    InvalidParams,

    /// <summary>HTTP 400, JSON-RPC error -32700, -32600 or -32602 (undecodable text outside tool arguments).</summary>
    Undecodable,

    /// <summary>HTTP 200, a tools/call result with <c>isError: true</c> whose text names the argument.</summary>
    ToolErrorNamingField,

    /// <summary>Either of <see cref="Undecodable"/> or <see cref="ToolErrorNamingField"/> (raw invalid UTF-8 inside an argument).</summary>
    UndecodableOrToolError,

    /// <summary>HTTP 200 result (success, or an isError that is not an internal error): a harmless change.</summary>
    ToolResult,

    /// <summary>A success, or one of the caller-error codes (never -32603): null for an optional member and the like.</summary>
    Lenient,
}

/// <summary>One generated request.</summary>
public sealed record McpFuzzCase(
    string Method,
    bool PerRequestMetadata,
    McpFuzzClass Class,
    string Where,
    byte[] Body,
    McpExpectation Expectation,
    string? Field,
    JsonNode? Id,
    bool Notification,
    bool UnknownMethod,
    bool Sse)
{
    public override string ToString() =>
        $"{Method}{(PerRequestMetadata ? " (2026-07-28)" : "")} {Class} at {Where}";
}

/// <summary>
/// Deterministic generator of the four classes for every /api/mcp method: initialize, ping,
/// tools/list, tools/call of each of the five tools, notifications/initialized and an unknown
/// method, each plain (no protocol header) and in the 2026-07-28 form (MCP-Protocol-Version,
/// _meta, Mcp-Method and Mcp-Name headers). A mutation is written by a small JSON writer of its
/// own, because duplicate members and raw invalid UTF-8 cannot be built with JsonNode.
/// </summary>
public static class McpMethodFuzz
{
    public const string PerRequestVersion = "2026-07-28";

    private const char InvalidBytesMarker = '\uE000';

    private static readonly byte[][] InvalidUtf8 = [[0xff], [0xc3, 0x28], [0xed, 0xa0, 0x80], [0xc0, 0xaf], [0x80], [0xf0, 0x90, 0x28, 0xbc]];

    private static readonly (string Raw, JsonValueKind Kind)[] WrongValues =
    [
        ("false", JsonValueKind.False), ("12345", JsonValueKind.Number), ("\"wrong\"", JsonValueKind.String),
        ("{\"x\":1}", JsonValueKind.Object), ("[1,\"a\"]", JsonValueKind.Array), ("null", JsonValueKind.Null),
    ];

    /// <summary>The argument types the five tools declare (anything else inside arguments is free JSON).</summary>
    private static readonly Dictionary<string, JsonValueKind> ArgumentKinds = new(StringComparer.Ordinal)
    {
        ["title"] = JsonValueKind.String,
        ["assignee"] = JsonValueKind.String,
        ["status"] = JsonValueKind.String,
        ["completedAt"] = JsonValueKind.String,
        ["organizationId"] = JsonValueKind.Number,
        ["taskId"] = JsonValueKind.Number,
        ["description"] = JsonValueKind.Undefined,
    };

    private sealed record Template(string Label, string Method, JsonObject Message, bool Notification, bool Unknown, string? Tool);

    /// <summary>All cases of one class, plain and 2026-07-28 forms.</summary>
    public static IReadOnlyList<McpFuzzCase> Generate(McpFuzzClass fuzzClass, int organizationId, int taskId, int seed)
    {
        var random = new Random(seed);
        var cases = new List<McpFuzzCase>();
        foreach (var perRequest in new[] { false, true })
        {
            foreach (var template in Templates(organizationId, taskId, perRequest))
            {
                foreach (var (path, node) in Walk(template.Message, []))
                {
                    cases.AddRange(Mutate(fuzzClass, template, perRequest, path, node, random));
                }
            }
        }

        return cases;
    }

    /// <summary>The headers a well-formed request of <paramref name="fuzzCase"/> would carry.</summary>
    public static IEnumerable<(string Name, string Value)> Headers(McpFuzzCase fuzzCase)
    {
        if (!fuzzCase.PerRequestMetadata)
        {
            yield break;
        }

        yield return ("MCP-Protocol-Version", PerRequestVersion);
        yield return ("Mcp-Method", fuzzCase.Method.Split(' ')[0]);
        if (fuzzCase.Method.StartsWith("tools/call ", StringComparison.Ordinal))
        {
            yield return ("Mcp-Name", fuzzCase.Method["tools/call ".Length..]);
        }
    }

    private static IEnumerable<Template> Templates(int organizationId, int taskId, bool perRequest)
    {
        var org = organizationId.ToString(CultureInfo.InvariantCulture);
        var task = taskId.ToString(CultureInfo.InvariantCulture);
        var version = perRequest ? PerRequestVersion : "2025-06-18";
        (string Label, string Method, string? Params, bool Notification, bool Unknown, string? Tool)[] all =
        [
            ("initialize", "initialize",
                $$$"""{"protocolVersion":"{{{version}}}","capabilities":{"roots":{"listChanged":true}},"clientInfo":{"name":"fuzz","version":"1.0"}}""",
                false, false, null),
            ("ping", "ping", "{}", false, false, null),
            ("tools/list", "tools/list", "{}", false, false, null),
            ("tools/call list_organizations", "tools/call", """{"name":"list_organizations","arguments":{}}""", false, false, "list_organizations"),
            ("tools/call list_tasks", "tools/call", $$$"""{"name":"list_tasks","arguments":{"status":"TODO","organizationId":{{{org}}}}}""", false, false, "list_tasks"),
            ("tools/call get_task", "tools/call", $$$"""{"name":"get_task","arguments":{"taskId":{{{task}}}}}""", false, false, "get_task"),
            ("tools/call create_task", "tools/call",
                $$$"""{"name":"create_task","arguments":{"title":"fuzz","organizationId":{{{org}}},"description":{"steps":["one",{"k":"v"}]},"status":"TODO","assignee":"me"}}""",
                false, false, "create_task"),
            ("tools/call update_task", "tools/call",
                $$$"""{"name":"update_task","arguments":{"taskId":{{{task}}},"title":"t","description":{"k":"v"},"status":"IN_PROGRESS","assignee":"a","completedAt":"2026-01-01T00:00:00Z"}}""",
                false, false, "update_task"),
            ("notifications/initialized", "notifications/initialized", "{}", true, false, null),
            ("fuzz/unknown (unknown method)", "fuzz/unknown", """{"x":"y"}""", false, true, null),
        ];

        var id = 100;
        foreach (var (label, method, parameters, notification, unknown, tool) in all)
        {
            var message = new JsonObject { ["jsonrpc"] = "2.0" };
            if (!notification)
            {
                message["id"] = id++;
            }

            message["method"] = method;
            var paramsNode = JsonNode.Parse(parameters!)!.AsObject();
            if (perRequest)
            {
                paramsNode["_meta"] = new JsonObject
                {
                    ["io.modelcontextprotocol/protocolVersion"] = PerRequestVersion,
                    ["io.modelcontextprotocol/clientCapabilities"] = new JsonObject(),
                };
            }

            message["params"] = paramsNode;
            yield return new Template(label, method, message, notification, unknown, tool);
        }
    }

    private static IEnumerable<(string[] Path, JsonNode? Node)> Walk(JsonNode? node, string[] path)
    {
        yield return (path, node);
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, value) in o)
                {
                    foreach (var inner in Walk(value, [.. path, key]))
                    {
                        yield return inner;
                    }
                }

                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    foreach (var inner in Walk(a[i], [.. path, i.ToString(CultureInfo.InvariantCulture)]))
                    {
                        yield return inner;
                    }
                }

                break;
        }
    }

    private static IEnumerable<McpFuzzCase> Mutate(McpFuzzClass fuzzClass, Template template, bool perRequest, string[] path, JsonNode? node, Random random)
    {
        var where = path.Length == 0 ? "(message)" : string.Join('.', path);
        var inParams = path.Length >= 1 && path[0] == "params";
        var argument = path.Length >= 3 && path[0] == "params" && path[1] == "arguments" ? path[2] : null;
        var kind = node?.GetValueKind() ?? JsonValueKind.Null;

        McpFuzzCase Case(string at, byte[] body, McpExpectation expectation, string? field = null) => new(
            template.Label, perRequest, fuzzClass, at, body, expectation, field,
            template.Message["id"]?.DeepClone(), template.Notification, template.Unknown, random.Next(3) == 0);

        switch (fuzzClass)
        {
            case McpFuzzClass.WrongType when inParams:
                foreach (var (raw, rawKind) in WrongValues)
                {
                    if (rawKind == kind || (rawKind == JsonValueKind.False && kind == JsonValueKind.True))
                    {
                        continue;
                    }

                    var body = Write(template.Message, path, replace: raw);
                    yield return Case($"{where} = {raw}", body, WrongTypeExpectation(template, path, argument, rawKind), argument);
                }

                break;

            case McpFuzzClass.DuplicateKey when node is JsonObject obj && obj.Count > 0:
                var index = 0;
                foreach (var (key, value) in obj)
                {
                    // Alternate between the same value twice and a different second value.
                    var second = index++ % 2 == 0 ? value?.ToJsonString() ?? "null" : WrongValues[random.Next(WrongValues.Length)].Raw;
                    var body = Write(template.Message, path, duplicate: (key, second));
                    yield return Case($"{(where == "(message)" ? "" : where + ".")}{key} twice", body, McpExpectation.Refused);
                }

                break;

            case McpFuzzClass.InvalidUtf8 when kind == JsonValueKind.String:
                var bad = InvalidUtf8[random.Next(InvalidUtf8.Length)];
                var text = node!.GetValue<string>();
                var at = text.Length == 0 ? 0 : random.Next(text.Length + 1);
                var marked = text[..at] + InvalidBytesMarker + text[at..];
                yield return Case($"{where} (bytes {Convert.ToHexString(bad)})", Write(template.Message, path, replace: Quote(marked), invalidBytes: bad),
                    argument is not null ? McpExpectation.UndecodableOrToolError : McpExpectation.Undecodable, argument);
                if (path.Length > 0 && path[^1] is { } name && !int.TryParse(name, out _))
                {
                    yield return Case($"{where} (member name, bytes {Convert.ToHexString(bad)})",
                        Write(template.Message, path, rename: name[..1] + InvalidBytesMarker + name[1..], invalidBytes: bad),
                        argument is not null ? McpExpectation.Lenient : McpExpectation.Undecodable, argument);
                }

                break;

            case McpFuzzClass.LoneSurrogate when kind == JsonValueKind.String:
                foreach (var surrogate in new[] { "\\ud800", "\\udc00" })
                {
                    var original = Quote(node!.GetValue<string>());
                    var raw = original[..^1] + surrogate + "\"";
                    yield return Case($"{where} ({surrogate})", Write(template.Message, path, replace: raw),
                        argument is not null ? McpExpectation.ToolErrorNamingField : SurrogateExpectation(template, path), argument);
                }

                if (path.Length > 0 && path[^1] is { } member && !int.TryParse(member, out _))
                {
                    yield return Case($"{where} (member name, \\ud800)", Write(template.Message, path, rename: member + "\ud800"), KeyExpectation(template, argument), argument);
                }

                break;
        }
    }

    private static McpExpectation WrongTypeExpectation(Template template, string[] path, string? argument, JsonValueKind replacement)
    {
        if (argument is not null)
        {
            if (path.Length > 3 || !ArgumentKinds.TryGetValue(argument, out var declared) || declared == JsonValueKind.Undefined)
            {
                return McpExpectation.ToolResult; // inside "description" (any JSON), or an argument the tool does not declare
            }

            return replacement == JsonValueKind.Null ? McpExpectation.ToolResult : McpExpectation.ToolErrorNamingField;
        }

        if (template.Notification || template.Unknown)
        {
            return McpExpectation.Lenient; // 202 for a notification, -32601 for an unknown method, or a params error
        }

        if (replacement == JsonValueKind.Null)
        {
            // null params or a null optional member: absent for a lenient reader, a wrong shape for a strict one.
            return path is ["params", "arguments"] ? McpExpectation.ToolResult : McpExpectation.Lenient;
        }

        return McpExpectation.InvalidParams;
    }

    private static McpExpectation SurrogateExpectation(Template template, string[] path) =>
        path is ["method"] || template.Notification || template.Unknown ? McpExpectation.Lenient : McpExpectation.Undecodable;

    /// <summary>A member name is not a field value: refused, or (inside arguments) an unknown argument ignored or named.</summary>
    private static McpExpectation KeyExpectation(Template template, string? argument) =>
        argument is not null || template.Notification || template.Unknown ? McpExpectation.Lenient : McpExpectation.Undecodable;

    private static string Quote(string text) => JsonSerializer.Serialize(text, QuoteOptions);

    private static readonly JsonSerializerOptions QuoteOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// Writes <paramref name="message"/> with one change at <paramref name="path"/>: its value replaced by
    /// raw JSON, its member renamed, or (for an object) one member written twice. The marker character
    /// becomes <paramref name="invalidBytes"/> in the UTF-8 output.
    /// </summary>
    private static byte[] Write(JsonObject message, string[] path, string? replace = null, string? rename = null,
        (string Key, string Raw)? duplicate = null, byte[]? invalidBytes = null)
    {
        var sb = new StringBuilder();
        WriteNode(sb, message, [], path, replace, rename, duplicate);
        var bytes = Encoding.UTF8.GetBytes(sb.ToString().Replace("\\uE000", InvalidBytesMarker.ToString(), StringComparison.OrdinalIgnoreCase));
        if (invalidBytes is null)
        {
            return bytes;
        }

        var marker = Encoding.UTF8.GetBytes(InvalidBytesMarker.ToString());
        var at = bytes.AsSpan().IndexOf(marker);
        return at < 0 ? bytes : [.. bytes[..at], .. invalidBytes, .. bytes[(at + marker.Length)..]];
    }

    private static void WriteNode(StringBuilder sb, JsonNode? node, string[] current, string[] target, string? replace, string? rename, (string Key, string Raw)? duplicate)
    {
        var atTarget = current.SequenceEqual(target);
        if (atTarget && replace is not null)
        {
            sb.Append(replace);
            return;
        }

        switch (node)
        {
            case JsonObject o:
                sb.Append('{');
                var first = true;
                foreach (var (key, value) in o)
                {
                    string[] child = [.. current, key];
                    if (!first)
                    {
                        sb.Append(',');
                    }

                    first = false;
                    var name = rename is not null && child.SequenceEqual(target) ? rename : key;
                    sb.Append(name.Contains('\ud800', StringComparison.Ordinal) ? Quote(name.Replace("\ud800", "", StringComparison.Ordinal))[..^1] + "\\ud800\"" : Quote(name)).Append(':');
                    WriteNode(sb, value, child, target, replace, rename, duplicate);
                    if (atTarget && duplicate is { } d && d.Key == key)
                    {
                        sb.Append(',').Append(Quote(key)).Append(':').Append(d.Raw);
                    }
                }

                sb.Append('}');
                break;
            case JsonArray a:
                sb.Append('[');
                for (var i = 0; i < a.Count; i++)
                {
                    if (i > 0)
                    {
                        sb.Append(',');
                    }

                    WriteNode(sb, a[i], [.. current, i.ToString(CultureInfo.InvariantCulture)], target, replace, rename, duplicate);
                }

                sb.Append(']');
                break;
            case null:
                sb.Append("null");
                break;
            default:
                sb.Append(node.ToJsonString(QuoteOptions));
                break;
        }
    }
}
