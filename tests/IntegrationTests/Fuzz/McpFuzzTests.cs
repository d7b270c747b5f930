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
    private string _projectSlug = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _host = await McpTestHost.StartAsync();
        (_, _organizationId, _token) = await _host.MemberWithOrganizationAsync();
        var project = await _host.Admin.PostJsonAsync("/api/projects", new { name = "Fuzz Board" });
        Assert.That(project.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        _projectSlug = (await project.ReadJsonAsync()).GetProperty("projectSlug").GetString()!;
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

    private HttpRequestMessage Rpc(byte[] body) => FuzzRunner.JsonPost("/api/mcp", body, h =>
    {
        h.Authorization = new AuthenticationHeaderValue("Bearer", _token);
        h.TryAddWithoutValidation("Accept", "application/json");
    });
}
