using System.Net;
using System.Text;
using System.Text.Json;
using Platform.IntegrationTests.McpJsonRpc;
using Platform.IntegrationTests.Support;

namespace Platform.IntegrationTests.Fuzz;

/// <summary>
/// The application's text rule (no NUL, no lone surrogate) as each transport answers it: /api/mcp an
/// isError tool result naming the field (HTTP 200), /mcp a 400 VALIDATION_ERROR with details.field,
/// /api a 400 VALIDATION_ERROR. Never "internal error", never a 5xx, nothing stored.
/// </summary>
public sealed class InvalidTextTests
{
    private McpTestHost _host = null!;
    private string _token = null!;
    private int _taskId;
    private string _projectSlug = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _host = await McpTestHost.StartAsync();
        (_, _, _token) = await _host.MemberWithOrganizationAsync();
        var task = await McpTestHost.ReadRpcAsync(await _host.PostAsync(McpTestHost.ToolCall("create_task", new { title = "target" }), _token));
        _taskId = task.GetProperty("result").GetProperty("structuredContent").GetProperty("id").GetInt32();
        var project = await _host.Admin.PostJsonAsync("/api/projects", new { name = "Text Board" });
        Assert.That(project.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        _projectSlug = (await project.ReadJsonAsync()).GetProperty("slug").GetString()!;
    }

    [OneTimeTearDown]
    public async Task StopAsync() => await _host.DisposeAsync();

    // Raw JSON-RPC bodies: the escapes stay escapes on the wire (\u0000 is valid JSON, \ud800 is valid JSON syntax).
    [TestCase("create_task", """{"title":"a\u0000b"}""", "title: text contains a NUL character")]
    [TestCase("create_task", """{"title":"ok","description":"line\u0000"}""", "description: text contains a NUL character")]
    [TestCase("create_task", """{"title":"ok","description":{"steps":["x",{"note":"\u0000"}]}}""", "description.steps[1].note: text contains a NUL character")]
    [TestCase("create_task", """{"title":"ok","assignee":"\u0000"}""", "assignee: text contains a NUL character")]
    [TestCase("update_task", """{"taskId":TASK,"title":"x\u0000"}""", "title: text contains a NUL character")]
    [TestCase("update_task", """{"taskId":TASK,"description":{"\u0000":1}}""", "description: text contains a NUL character")]
    [TestCase("create_task", """{"title":"a\ud800b"}""", "title: text is not valid Unicode (unpaired surrogate)")]
    [TestCase("create_task", """{"title":"a\udc00"}""", "title: text is not valid Unicode (unpaired surrogate)")]
    [TestCase("create_task", """{"title":"ok","description":{"k":"\ud800"}}""", "description.k: text is not valid Unicode (unpaired surrogate)")]
    [TestCase("update_task", """{"taskId":TASK,"assignee":"\udfff"}""", "assignee: text is not valid Unicode (unpaired surrogate)")]
    public async Task Json_rpc_answers_invalid_text_as_an_is_error_result_naming_the_field(string tool, string arguments, string message)
    {
        var args = arguments.Replace("TASK", _taskId.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        var body = "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool + "\",\"arguments\":" + args + "}}";

        var response = await _host.PostAsync(body, _token, accept: "application/json");

        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), text);
        var result = JsonDocument.Parse(text).RootElement.GetProperty("result");
        Assert.That(result.GetProperty("isError").GetBoolean(), Is.True, text);
        Assert.That(result.GetProperty("content")[0].GetProperty("text").GetString(), Is.EqualTo($"Invalid arguments: {message}."));
    }

    [Test]
    public async Task Json_rpc_stores_nothing_for_a_refused_title()
    {
        var marker = McpTestHost.Unique("nul");
        await _host.PostAsync(McpTestHost.ToolCall("create_task", new { title = marker + "\0" }), _token);

        var list = await McpTestHost.ReadRpcAsync(await _host.PostAsync(McpTestHost.ToolCall("list_tasks"), _token));

        Assert.That(list.GetProperty("result").GetProperty("structuredContent").GetProperty("tasks").EnumerateArray()
            .Select(t => t.GetProperty("title").GetString()), Has.None.StartsWith(marker));
    }

    [Test]
    public async Task Bidi_controls_emoji_and_surrogate_pairs_are_accepted()
    {
        const string title = "\u202eright-to-left\u202c \u2067isolate\u2069 \ud83d\ude00 👩‍👩‍👧‍👦";

        var created = await McpTestHost.ReadRpcAsync(await _host.PostAsync(McpTestHost.ToolCall("create_task", new { title, description = new { note = "\u200f" } }), _token));

        var result = created.GetProperty("result");
        Assert.That(result.TryGetProperty("isError", out var isError) && isError.GetBoolean(), Is.False, result.ToString());
        Assert.That(result.GetProperty("structuredContent").GetProperty("title").GetString(), Is.EqualTo(title));
    }

    [TestCase("todos.create", """{"projectSlug":"SLUG","title":"a\u0000"}""", "title: text contains a NUL character", "title")]
    [TestCase("todos.create", """{"projectSlug":"SLUG","title":"ok","tags":["fine","b\u0000d"]}""", "tags[1]: text contains a NUL character", "tags")]
    [TestCase("todos.create", """{"projectSlug":"SLUG","title":"ok","body":"\u0000"}""", "body: text contains a NUL character", "body")]
    [TestCase("board.get", """{"projectSlug":"SLUG","search":"x\u0000"}""", "search: text contains a NUL character", "search")]
    [TestCase("sprints.create", """{"projectSlug":"SLUG","name":"S\u0000","plannedStartAt":"2026-01-01T00:00:00Z","plannedEndAt":"2026-01-14T00:00:00Z"}""", "name: text contains a NUL character", "name")]
    public async Task The_envelope_answers_invalid_text_with_a_validation_error_naming_the_field(string tool, string input, string message, string field)
    {
        var response = await PostEnvelopeAsync(tool, input.Replace("SLUG", _projectSlug, StringComparison.Ordinal));

        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), text);
        var error = JsonDocument.Parse(text).RootElement.GetProperty("error");
        Assert.That(error.GetProperty("code").GetString(), Is.EqualTo("VALIDATION_ERROR"), text);
        Assert.That(error.GetProperty("message").GetString(), Is.EqualTo(message), text);
        Assert.That(error.GetProperty("details").GetProperty("field").GetString(), Is.EqualTo(field), text);
    }

    [Test]
    public async Task The_envelope_refuses_a_lone_surrogate_with_a_400()
    {
        var response = await PostEnvelopeAsync("todos.create", $$"""{"projectSlug":"{{_projectSlug}}","title":"a\ud800"}""");

        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), text);
        Assert.That(JsonDocument.Parse(text).RootElement.GetProperty("error").GetProperty("code").GetString(), Is.EqualTo("VALIDATION_ERROR"));
    }

    [Test]
    public async Task The_rest_api_keeps_its_400_for_bodies_and_applies_the_rule_to_query_strings()
    {
        await (await _host.Admin.SendRawAsync(HttpMethod.Post, "/api/projects", """{"name":"a\u0000"}"""))
            .AssertApiErrorAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "invalid json");

        var search = await _host.Admin.GetAsync("/api/admin/users?search=a%00b");

        var error = await search.AssertApiErrorAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "search: text contains a NUL character");
        Assert.That(error.GetProperty("details").GetProperty("field").GetString(), Is.EqualTo("search"));
    }

    [Test]
    public async Task Names_shown_to_other_people_refuse_control_and_format_characters_on_every_transport()
    {
        const string rule = "text contains a control or format character (not allowed in names)";

        // /api: a project name (the strict JSON reader lets it through; the application's name rule answers)
        var project = await _host.Admin.SendRawAsync(HttpMethod.Post, "/api/projects", """{"name":"Board \u202Egnp.exe"}""");
        var apiError = await project.AssertApiErrorAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", $"name: {rule}");
        Assert.That(apiError.GetProperty("details").GetProperty("field").GetString(), Is.EqualTo("name"));

        // /api/admin: a user name (ProblemDetails with the same error object)
        var user = await _host.Admin.SendRawAsync(HttpMethod.Post, "/api/admin/users",
            """{"email":"zw@example.com","password":"password123","name":"Zero\u200Bwidth"}""");
        Assert.That(user.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), await user.Content.ReadAsStringAsync());
        Assert.That((await user.ReadJsonAsync()).GetProperty("detail").GetString(), Is.EqualTo($"name: {rule}"));

        // /mcp: tag names of a todo
        var envelope = await PostEnvelopeAsync("todos.create", $$"""{"projectSlug":"{{_projectSlug}}","title":"ok \u202E titles may","tags":["fine","x\u2066y"]}""");
        var text = await envelope.Content.ReadAsStringAsync();
        Assert.That(envelope.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), text);
        var error = JsonDocument.Parse(text).RootElement.GetProperty("error");
        Assert.That(error.GetProperty("message").GetString(), Is.EqualTo($"tags[1]: {rule}"), text);
        Assert.That(error.GetProperty("details").GetProperty("field").GetString(), Is.EqualTo("tags"), text);

        // /auth/register: the client name shown on the consent page
        var register = await _host.App.NewClient().SendRawAsync(HttpMethod.Post, "/auth/register",
            """{"redirect_uris":["http://localhost:3000/callback"],"client_name":"Claude\u202E"}""", csrf: false);
        var registerText = await register.Content.ReadAsStringAsync();
        Assert.That(register.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), registerText);
        Assert.That(JsonDocument.Parse(registerText).RootElement.GetProperty("error").GetString(), Is.EqualTo("invalid_client_metadata"));

        // nothing was stored
        await using var db = _host.App.CreateDbContext();
        Assert.That(db.Users.Count(u => u.Email == "zw@example.com"), Is.Zero);
    }

    private Task<HttpResponseMessage> PostEnvelopeAsync(string tool, string input)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/mcp")
        {
            Content = new StringContent("{\"tool\":\"" + tool + "\",\"input\":" + input + "}", Encoding.UTF8, "application/json"),
        };
        return _host.Admin.Http.SendAsync(request);
    }
}
