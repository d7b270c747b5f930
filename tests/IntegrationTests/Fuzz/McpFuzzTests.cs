using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Platform.IntegrationTests.McpJsonRpc;
using Platform.IntegrationTests.Support;

namespace Platform.IntegrationTests.Fuzz;

/// <summary>Generated malformed input against both MCP dialects: the /mcp envelope and /api/mcp JSON-RPC.</summary>
public sealed class McpFuzzTests
{
    private McpTestHost _host = null!;
    private string _token = null!;
    private int _organizationId;
    private int _taskId;
    private string _projectSlug = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _host = await McpTestHost.StartAsync();
        (_, _organizationId, _token) = await _host.MemberWithOrganizationAsync();
        var project = await _host.Admin.PostJsonAsync("/api/projects", new { name = "Fuzz Board" });
        Assert.That(project.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        _projectSlug = (await project.ReadJsonAsync()).GetProperty("slug").GetString()!;
        var task = await McpTestHost.ReadRpcAsync(await _host.PostAsync(McpTestHost.ToolCall("create_task", new { title = "fuzz target" }), _token));
        _taskId = task.GetProperty("result").GetProperty("structuredContent").GetProperty("id").GetInt32();
    }

    [OneTimeTearDown]
    public async Task StopAsync() => await _host.DisposeAsync();

    /// <summary>The envelope: {"ok":true,"data","meta":{}} or {"ok":false,"error":{"code","message","details":{}}}.</summary>
    private static string? EnvelopeShape(HttpStatusCode status, JsonElement? json, string text)
    {
        if (json is not { ValueKind: JsonValueKind.Object } body || !body.TryGetProperty("ok", out var ok))
        {
            return "not an envelope";
        }

        if (ok.ValueKind == JsonValueKind.True)
        {
            return status == HttpStatusCode.OK && body.TryGetProperty("meta", out var meta) && meta.ValueKind == JsonValueKind.Object ? null : "bad success envelope";
        }

        if (!body.TryGetProperty("error", out var error) || error.GetProperty("details").ValueKind != JsonValueKind.Object
            || error.GetProperty("message").ValueKind != JsonValueKind.String)
        {
            return "bad error envelope";
        }

        var expected = error.GetProperty("code").GetString() switch
        {
            "VALIDATION_ERROR" => new[] { 400, 413 },
            "AUTH_REQUIRED" => [401],
            "FORBIDDEN" or "CAPABILITY_UNAVAILABLE" => [403],
            "NOT_FOUND" => [404],
            "CONFLICT" => [409],
            _ => [],
        };
        return expected.Contains((int)status) ? null : $"status does not match code {error.GetProperty("code").GetString()}";
    }

    private static string? JsonRpcShape(HttpStatusCode status, JsonElement? json, string text)
    {
        if (status == HttpStatusCode.Accepted)
        {
            return text.Length == 0 ? null : "202 with a body";
        }

        if (json is not { ValueKind: JsonValueKind.Object } body)
        {
            return "not a JSON-RPC message";
        }

        if (!body.TryGetProperty("jsonrpc", out var version) || version.GetString() != "2.0")
        {
            return "no jsonrpc 2.0";
        }

        if (body.TryGetProperty("error", out var error))
        {
            if (!error.TryGetProperty("code", out var code) || code.ValueKind != JsonValueKind.Number || !error.TryGetProperty("message", out _))
            {
                return "bad error object";
            }

            return code.GetInt32() == -32603 ? "internal error" : null;
        }

        return body.TryGetProperty("result", out _) && status == HttpStatusCode.OK ? null : "neither result nor error";
    }

    [Test]
    public async Task Envelope_survives_malformed_envelopes()
    {
        var envelope = _host.App.NewClient();
        envelope.Cookies.Add(_host.App.BaseAddress, new Cookie("scrumboy_session", _host.Admin.SessionCookie!));
        await FuzzRunner.RunAsync(
            envelope.Http,
            body => FuzzRunner.JsonPost("/mcp", body),
            MalformedInputs.Generate("{\"tool\":\"todos.create\",\"input\":{\"projectSlug\":\"" + _projectSlug + "\",\"title\":\"fuzz\"}}", 1500, seed: 11),
            EnvelopeShape);
    }

    [TestCase("todos.create", "{\"projectSlug\":\"SLUG\",\"title\":\"fuzz\",\"body\":\"b\",\"tags\":[\"a\"],\"columnKey\":\"doing\",\"estimationPoints\":3,\"position\":{\"afterLocalId\":1}}", 21)]
    [TestCase("board.get", "{\"projectSlug\":\"SLUG\",\"tag\":\"a\",\"search\":\"x\",\"limit\":5,\"cursorByColumn\":{\"backlog\":\"MjAwMDoy\"}}", 22)]
    [TestCase("todos.update", "{\"projectSlug\":\"SLUG\",\"localId\":1,\"patch\":{\"title\":\"t\",\"tags\":[\"x\"],\"sprintId\":null}}", 23)]
    [TestCase("sprints.create", "{\"projectSlug\":\"SLUG\",\"name\":\"S\",\"plannedStartAt\":\"2026-01-01T00:00:00Z\",\"plannedEndAt\":\"2026-01-14T00:00:00Z\"}", 24)]
    [TestCase("members.add", "{\"projectSlug\":\"SLUG\",\"userId\":1,\"role\":\"viewer\"}", 25)]
    [TestCase("tags.updateMineColor", "{\"tagId\":1,\"color\":\"#aabbcc\"}", 26)]
    public async Task Envelope_tools_survive_malformed_inputs(string tool, string input, int seed)
    {
        var envelope = _host.App.NewClient();
        envelope.Cookies.Add(_host.App.BaseAddress, new Cookie("scrumboy_session", _host.Admin.SessionCookie!));
        var inputs = MalformedInputs.Generate(input.Replace("SLUG", _projectSlug, StringComparison.Ordinal), 700, seed)
            .Select(i => Encoding.UTF8.GetBytes("{\"tool\":\"" + tool + "\",\"input\":").Concat(i).Concat("}"u8.ToArray()).ToArray());
        await FuzzRunner.RunAsync(envelope.Http, body => FuzzRunner.JsonPost("/mcp", body), inputs, EnvelopeShape);
    }

    [Test]
    public async Task Json_rpc_survives_malformed_messages()
    {
        await FuzzRunner.RunAsync(
            _host.Http,
            body => Rpc(body),
            MalformedInputs.Generate("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"list_tasks\",\"arguments\":{}}}", 1200, seed: 31),
            JsonRpcShape);
    }

    [TestCase("create_task", "{\"title\":\"fuzz\",\"organizationId\":ORG,\"description\":{\"a\":[1,2]},\"status\":\"TODO\",\"assignee\":\"me\"}", 41)]
    [TestCase("update_task", "{\"taskId\":1,\"title\":\"t\",\"status\":\"DONE\",\"completedAt\":\"2026-01-01T00:00:00Z\"}", 42)]
    [TestCase("list_tasks", "{\"status\":\"TODO\",\"organizationId\":ORG}", 43)]
    public async Task Json_rpc_tools_survive_malformed_arguments(string tool, string arguments, int seed)
    {
        var inputs = MalformedInputs.Generate(arguments.Replace("ORG", _organizationId.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal), 700, seed)
            .Select(a => Encoding.UTF8.GetBytes("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool + "\",\"arguments\":").Concat(a).Concat("}}"u8.ToArray()).ToArray());
        await FuzzRunner.RunAsync(_host.Http, body => Rpc(body), inputs, JsonRpcShape);
    }

    /// <summary>
    /// The classes of the outside fuzz run (wrong types and duplicate members at every depth of params,
    /// raw invalid UTF-8 and escaped lone surrogates in every string and member name) for every
    /// /api/mcp method, plain and in the 2026-07-28 form. Expected answers: see <see cref="McpExpectation"/>
    /// and <see cref="CheckCase"/>; the failure message groups what broke by method and expectation.
    /// </summary>
    [TestCase(McpFuzzClass.WrongType, 61)]
    [TestCase(McpFuzzClass.DuplicateKey, 62)]
    [TestCase(McpFuzzClass.InvalidUtf8, 63)]
    [TestCase(McpFuzzClass.LoneSurrogate, 64)]
    public async Task Every_method_answers_the_malformed_classes_as_the_contract_says(McpFuzzClass fuzzClass, int seed)
    {
        var cases = McpMethodFuzz.Generate(fuzzClass, _organizationId, _taskId, seed);
        Assert.That(cases.Select(c => c.Method).Distinct().Count(), Is.EqualTo(10), "every method is fuzzed");

        var failures = await FuzzRunner.CollectAsync(_host.Http, cases, RpcCase, CheckCase);

        var summary = string.Join("\n", failures
            .GroupBy(f => $"{f.Case.Method}{(f.Case.PerRequestMetadata ? " [2026-07-28]" : "")} expecting {f.Case.Expectation}")
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => $"- {g.Key}: {g.Count()} failed, e.g. {g.OrderBy(f => f.Case.Where, StringComparer.Ordinal).First().Case.Where} -> {g.First().Failure}"));
        await TestContext.Out.WriteLineAsync($"{fuzzClass}: {failures.Count} of {cases.Count} cases broke the contract\n{summary}");
        foreach (var (fuzzCase, failure) in failures.OrderBy(f => f.Case.ToString(), StringComparer.Ordinal))
        {
            await TestContext.Out.WriteLineAsync($"  {fuzzCase}: {failure}");
        }

        Assert.That(failures.Count, Is.Zero, $"{failures.Count} of {cases.Count} {fuzzClass} cases broke the contract:\n{summary}");
    }

    private HttpRequestMessage RpcCase(McpFuzzCase fuzzCase) => FuzzRunner.JsonPost("/api/mcp", fuzzCase.Body, h =>
    {
        h.Authorization = new AuthenticationHeaderValue("Bearer", _token);
        h.TryAddWithoutValidation("Accept", fuzzCase.Sse ? "application/json, text/event-stream" : "application/json");
        foreach (var (name, value) in McpMethodFuzz.Headers(fuzzCase))
        {
            h.TryAddWithoutValidation(name, value);
        }
    });

    /// <summary>
    /// Common to every case: never a 5xx (checked by the runner), never -32603, never an isError
    /// result carrying the internal-error text; an error is <c>{"jsonrpc":"2.0","error":{"code":int,
    /// "message":string},"id":the request's id or null}</c>; a result comes with 200; 202 has no body
    /// and only answers a notification. Then the case's own expectation.
    /// </summary>
    private static string? CheckCase(McpFuzzCase fuzzCase, HttpStatusCode status, JsonElement? json, string text)
    {
        if (status == HttpStatusCode.Accepted)
        {
            return text.Length > 0 ? "202 with a body"
                : fuzzCase.Notification && fuzzCase.Expectation == McpExpectation.Lenient ? null : "202 (accepted as a notification) where an answer was due";
        }

        if (json is not { ValueKind: JsonValueKind.Object } body)
        {
            return "not a JSON-RPC message";
        }

        if (!body.TryGetProperty("jsonrpc", out var version) || version.ValueKind != JsonValueKind.String || version.GetString() != "2.0")
        {
            return "no jsonrpc 2.0";
        }

        int? code = null;
        if (body.TryGetProperty("error", out var error))
        {
            if (error.ValueKind != JsonValueKind.Object || !error.TryGetProperty("code", out var codeElement) || codeElement.ValueKind != JsonValueKind.Number
                || !codeElement.TryGetInt32(out var errorCode) || !error.TryGetProperty("message", out var message) || message.ValueKind != JsonValueKind.String)
            {
                return "bad error object";
            }

            if (!body.TryGetProperty("id", out var id) || (id.ValueKind != JsonValueKind.Null && id.GetRawText() != fuzzCase.Id?.ToJsonString()))
            {
                return "error id is neither null nor the request's id";
            }

            if (errorCode == -32603)
            {
                return "internal error (-32603)";
            }

            code = errorCode;
        }

        bool? isError = null;
        var resultText = "";
        if (code is null)
        {
            if (!body.TryGetProperty("result", out var result) || result.ValueKind != JsonValueKind.Object)
            {
                return "neither result nor error";
            }

            if (status != HttpStatusCode.OK)
            {
                return "a result without 200";
            }

            isError = result.TryGetProperty("isError", out var flag) && flag.ValueKind == JsonValueKind.True;
            if (isError == true)
            {
                resultText = result.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.Array && content.GetArrayLength() > 0
                    && content[0].TryGetProperty("text", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()! : "";
                if (resultText.Contains("internal error", StringComparison.OrdinalIgnoreCase) || resultText.Contains("trace id", StringComparison.OrdinalIgnoreCase))
                {
                    return "isError result with the internal-error text";
                }
            }
        }

        var perRequest = fuzzCase.PerRequestMetadata;
        var removed = perRequest && fuzzCase.Method is "initialize" or "ping";
        bool Error400(params int[] codes) =>
            code is { } c && ((status == HttpStatusCode.BadRequest && (codes.Contains(c) || (perRequest && c == -32020)))
                              || (removed && status == HttpStatusCode.NotFound && c == -32601));
        bool ToolErrorNamingField() =>
            isError == true && fuzzCase.Field is { } field && resultText.Contains(field, StringComparison.Ordinal);

        var ok = fuzzCase.Expectation switch
        {
            McpExpectation.Refused => Error400(-32700, -32600),
            McpExpectation.InvalidParams => Error400(-32602, -32600),
            McpExpectation.Undecodable => Error400(-32700, -32600, -32602),
            McpExpectation.ToolErrorNamingField => ToolErrorNamingField(),
            McpExpectation.UndecodableOrToolError => Error400(-32700, -32600, -32602) || ToolErrorNamingField(),
            McpExpectation.ToolResult => isError is not null,
            McpExpectation.Lenient => isError is not null
                || (code is -32700 or -32600 or -32601 or -32602 or -32020 && status is HttpStatusCode.OK or HttpStatusCode.BadRequest or HttpStatusCode.NotFound),
            _ => false,
        };
        return ok ? null : $"expected {Describe(fuzzCase.Expectation)}";
    }

    private static string Describe(McpExpectation expectation) => expectation switch
    {
        McpExpectation.Refused => "400 with -32700 or -32600",
        McpExpectation.InvalidParams => "400 with -32602 or -32600",
        McpExpectation.Undecodable => "400 with -32700, -32600 or -32602",
        McpExpectation.ToolErrorNamingField => "200 isError naming the argument",
        McpExpectation.UndecodableOrToolError => "400 with -32700/-32600/-32602 or 200 isError naming the argument",
        McpExpectation.ToolResult => "a 200 tool result",
        _ => "a result or a caller-error code",
    };

    private HttpRequestMessage Rpc(byte[] body) => FuzzRunner.JsonPost("/api/mcp", body, h =>
    {
        h.Authorization = new AuthenticationHeaderValue("Bearer", _token);
        h.TryAddWithoutValidation("Accept", "application/json");
    });
}
