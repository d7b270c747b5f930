using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Platform.IntegrationTests.Boards.Support;

namespace Platform.IntegrationTests.Boards;

/// <summary>The /mcp transport in full mode, bootstrapped: routing, methods, envelope decoding, auth resolution.</summary>
public sealed class EnvelopeTests : BoardsFixture
{
    private static readonly string[] AllTools =
    [
        "system.getCapabilities", "projects.list", "todos.create", "todos.get", "todos.search", "todos.update", "todos.delete", "todos.move",
        "sprints.list", "sprints.get", "sprints.getActive", "sprints.create", "sprints.activate", "sprints.close", "sprints.update", "sprints.delete",
        "tags.listProject", "tags.listMine", "tags.updateMineColor", "tags.deleteMine", "tags.updateProjectColor", "tags.deleteProject",
        "members.list", "members.listAvailable", "members.add", "members.updateRole", "members.remove", "board.get",
    ];

    [Test]
    public async Task MCPMountDoesNotBreakSPARoutes_only_exact_mcp_paths_are_the_envelope()
    {
        using var client = App.NewClient();
        var mcp = await SendAsync(client, HttpMethod.Get, "/mcp");
        mcp.AssertOk();
        foreach (var path in new[] { "/mcpx", "/MCP", "/" })
        {
            var other = await client.GetAsync(path);
            var text = await other.Content.ReadAsStringAsync();
            Assert.That(text, Does.Not.Contain("\"ok\""), path);
        }
    }

    [Test]
    public async Task Get_mcp_and_get_mcp_slash_give_the_capabilities_with_envelope_headers()
    {
        using var client = App.NewClient();
        foreach (var path in new[] { "/mcp", "/mcp/", "/mcp?x=1" })
        {
            var response = await SendAsync(client, HttpMethod.Get, path);
            var data = response.AssertOk();
            Assert.That(response.Response.Headers.CacheControl?.NoStore, Is.True);
            Assert.That(response.Response.Content.Headers.ContentType?.ToString(), Is.EqualTo("application/json; charset=utf-8"));
            Assert.That(response.Text, Does.EndWith("\n"));
            Assert.That(data.GetProperty("implementedTools").EnumerateArray().Select(t => t.GetString()), Is.EqualTo(AllTools));
            Assert.That(response.Meta.GetRawText(), Is.EqualTo("{\"adapterVersion\":1}"));
        }
    }

    [Test]
    public async Task SystemGetCapabilities_full_mode_bootstrapped_reports_auth_state_exactly()
    {
        using var anonymous = App.NewClient();
        var signedOut = (await CallAsync(anonymous, "system.getCapabilities", "ignored input")).AssertOk();
        Assert.That(McpResponse.Keys(signedOut), Is.EqualTo(new[] { "serverMode", "auth", "bootstrapAvailable", "identity", "pagination", "implementedTools" }));
        Assert.That(signedOut.GetProperty("serverMode").GetString(), Is.EqualTo("full"));
        Assert.That(signedOut.GetProperty("auth").GetRawText(),
            Is.EqualTo("{\"mode\":\"sessionCookie\",\"authenticated\":false,\"authenticatedToolsUsable\":true,\"authMethods\":[\"sessionCookie\",\"bearer\"]}"));
        Assert.That(signedOut.GetProperty("bootstrapAvailable").GetBoolean(), Is.False);
        Assert.That(signedOut.GetProperty("identity").GetRawText(),
            Is.EqualTo("{\"project\":\"projectSlug\",\"todo\":[\"projectSlug\",\"localId\"],\"projectMember\":[\"projectSlug\",\"userId\"],\"availableUser\":[\"userId\"]}"));
        Assert.That(signedOut.GetProperty("pagination").GetRawText(),
            Is.EqualTo("{\"defaultInput\":[\"limit\",\"cursor\"],\"defaultOutput\":[\"nextCursor\",\"hasMore\"],\"futureSpecialCases\":[\"board.get\"]}"));
        Assert.That(signedOut.TryGetProperty("plannedTools", out _), Is.False);

        var signedIn = (await CallAsync(Owner, "system.getCapabilities", new[] { 1, 2 })).AssertOk();
        Assert.That(signedIn.GetProperty("auth").GetProperty("authenticated").GetBoolean(), Is.True);
        var viaGet = (await SendAsync(Owner, HttpMethod.Get, "/mcp")).AssertOk();
        Assert.That(viaGet.GetRawText(), Is.EqualTo(signedIn.GetRawText()));
    }

    [TestCase("/mcp/foo")]
    [TestCase("/mcp//")]
    [TestCase("/mcp/rpc/")] // /mcp/rpc itself is the JSON-RPC binding (JsonRpcTests)
    [TestCase("/mcp/projects.list")]
    public async Task Paths_under_mcp_other_than_mcp_itself_are_a_not_found_envelope(string path)
    {
        foreach (var method in new[] { HttpMethod.Get, HttpMethod.Post, HttpMethod.Delete })
        {
            var response = await SendAsync(Owner, method, path);
            response.AssertNotFound();
            Assert.That(response.Response.Headers.CacheControl?.NoStore, Is.True);
        }
    }

    [TestCase("PUT")]
    [TestCase("PATCH")]
    [TestCase("DELETE")]
    [TestCase("OPTIONS")]
    public async Task Other_methods_are_405_method_not_allowed(string method)
    {
        var response = await SendAsync(Owner, new HttpMethod(method), "/mcp");
        response.AssertError(HttpStatusCode.MethodNotAllowed, "METHOD_NOT_ALLOWED", "method not allowed", new { });
        Assert.That(response.Response.Headers.CacheControl?.NoStore, Is.True);
    }

    [Test]
    public async Task Head_is_405_without_a_body()
    {
        var response = await SendAsync(Owner, HttpMethod.Head, "/mcp");
        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.MethodNotAllowed));
        Assert.That(response.Text, Is.Empty);
    }

    [Test]
    public async Task MCPInvalidJSONReturnsValidationError_trailing_data()
    {
        var response = await PostEnvelopeAsync(Owner, "{\"tool\":\"projects.list\"} {\"extra\":true}");
        var details = response.AssertError(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "invalid json");
        Assert.That(details.GetProperty("detail").GetString(), Is.Not.Empty);
    }

    [TestCase("", "EOF")]
    [TestCase("{\"tool\":\"projects.list\",\"x\":1}", "json: unknown field \"x\"")]
    [TestCase("{\"tool\":5}", null)]
    [TestCase("[1,2]", null)]
    [TestCase("{\"tool\":", null)]
    [TestCase("not json", null)]
    public async Task Malformed_envelopes_are_400_invalid_json_with_a_detail(string body, string? detail)
    {
        var details = (await PostEnvelopeAsync(Owner, body)).AssertError(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "invalid json");
        Assert.That(McpResponse.Keys(details), Is.EqualTo(new[] { "detail" }));
        if (detail is not null)
        {
            Assert.That(details.GetProperty("detail").GetString(), Is.EqualTo(detail));
        }
    }

    [TestCase("{}")]
    [TestCase("{\"tool\":\"\"}")]
    [TestCase("{\"tool\":null,\"input\":{}}")]
    public async Task A_missing_or_empty_tool_is_400_missing_tool(string body) =>
        (await PostEnvelopeAsync(Owner, body)).AssertValidation("missing tool", new { field = "tool" });

    [TestCase("missing.tool")]
    [TestCase("Projects.list")]
    [TestCase("projects.list ")]
    public async Task Unknown_tools_are_404_tool_not_found_with_the_name(string tool) =>
        (await CallAsync(Owner, tool)).AssertError(HttpStatusCode.NotFound, "NOT_FOUND", "tool not found", new { tool });

    [Test]
    public async Task Unauthenticated_calls_are_401_before_the_input_is_decoded()
    {
        using var anonymous = App.NewClient();
        foreach (var tool in AllTools.Skip(1))
        {
            (await CallAsync(anonymous, tool, "not an object")).AssertError(HttpStatusCode.Unauthorized, "AUTH_REQUIRED", "Sign-in required for this tool", new { });
        }
    }

    [Test]
    public async Task An_invalid_session_cookie_is_ignored_and_tools_then_need_sign_in()
    {
        using var client = App.NewClient();
        client.Cookies.Add(App.BaseAddress, new Cookie("scrumboy_session", "not-a-session"));
        (await CallAsync(client, "projects.list")).AssertError(HttpStatusCode.Unauthorized, "AUTH_REQUIRED", "Sign-in required for this tool");
        var capabilities = (await SendAsync(client, HttpMethod.Get, "/mcp")).AssertOk();
        Assert.That(capabilities.GetProperty("auth").GetProperty("authenticated").GetBoolean(), Is.False);
    }

    [Test]
    public async Task MCP_InvalidBearerDoesNotFallBackToSessionCookie()
    {
        var bearer = "Bearer sb_" + new string('A', 43);
        var get = await SendAsync(Owner, HttpMethod.Get, "/mcp", r => r.Headers.TryAddWithoutValidation("Authorization", bearer));
        get.AssertError(HttpStatusCode.Unauthorized, "AUTH_REQUIRED", "Authentication required", new { });
        var post = await PostEnvelopeAsync(Owner, "{\"tool\":\"projects.list\",\"input\":{}}", r => r.Headers.TryAddWithoutValidation("Authorization", bearer));
        post.AssertError(HttpStatusCode.Unauthorized, "AUTH_REQUIRED", "Authentication required", new { });
    }

    [TestCase("Bearer")]
    [TestCase("bearer")]
    [TestCase("  BEARER   ")]
    [TestCase("Bearer ")]
    [TestCase("bearer something")]
    [TestCase("Bearer sb_abc def")]
    public async Task A_bearer_attempt_without_a_valid_api_token_fails_with_401(string authorization)
    {
        var response = await PostEnvelopeAsync(Owner, "{\"tool\":\"system.getCapabilities\"}", r => r.Headers.TryAddWithoutValidation("Authorization", authorization));
        response.AssertError(HttpStatusCode.Unauthorized, "AUTH_REQUIRED", "Authentication required", new { });
    }

    [TestCase("Basic dXNlcjpwYXNz")]
    [TestCase("Bearerxyz")]
    [TestCase("Token abc")]
    public async Task Non_bearer_authorization_headers_fall_through_to_the_cookie(string authorization)
    {
        var response = await PostEnvelopeAsync(Owner, "{\"tool\":\"projects.list\"}", r => r.Headers.TryAddWithoutValidation("Authorization", authorization));
        response.AssertOk();
    }

    [Test]
    public async Task Envelope_errors_and_unknown_tools_come_before_the_bearer_check()
    {
        var bearer = "Bearer nope";
        (await PostEnvelopeAsync(Owner, "{\"tool\":\"nope.tool\"}", r => r.Headers.TryAddWithoutValidation("Authorization", bearer)))
            .AssertError(HttpStatusCode.NotFound, "NOT_FOUND", "tool not found");
        (await PostEnvelopeAsync(Owner, "{\"tool\":1}", r => r.Headers.TryAddWithoutValidation("Authorization", bearer)))
            .AssertError(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "invalid json");
    }

    [Test]
    public async Task Post_mcp_slash_runs_tools_too_and_needs_no_x_scrumboy_header()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/mcp/")
        {
            Content = new StringContent("{\"tool\":\"projects.list\",\"input\":null}", Encoding.UTF8, "text/plain"),
        };
        var response = await Owner.Http.SendAsync(request);
        var parsed = new McpResponse(response, await response.Content.ReadAsStringAsync());
        parsed.AssertOk();
    }

    [Test]
    public async Task Input_ignoring_tools_accept_any_input()
    {
        foreach (var input in new object?[] { "text", new[] { 1 }, new { unexpected = true }, null })
        {
            (await CallAsync(Owner, "projects.list", input)).AssertOk();
            (await CallAsync(Owner, "tags.listMine", input)).AssertOk();
            (await CallAsync(Owner, "system.getCapabilities", input)).AssertOk();
        }

        (await PostEnvelopeAsync(Owner, "{\"tool\":\"projects.list\"}")).AssertOk();
    }

    [TestCase("\"a string\"")]
    [TestCase("[1]")]
    [TestCase("42")]
    [TestCase("{\"projectSlug\":\"x\",\"unknownField\":1}")]
    [TestCase("{\"projectSlug\":5}")]
    [TestCase("{\"projectSlug\":\"x\",\"localId\":\"1\"}")]
    [TestCase("{\"projectSlug\":\"x\",\"localId\":1.5}")]
    [TestCase("{\"projectSlug\":\"x\",\"localId\":true}")]
    public async Task Malformed_tool_input_is_400_invalid_input_with_a_detail(string input)
    {
        var details = (await PostEnvelopeAsync(Owner, $"{{\"tool\":\"todos.get\",\"input\":{input}}}"))
            .AssertError(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "invalid input");
        Assert.That(McpResponse.Keys(details), Is.EqualTo(new[] { "detail" }));
    }

    [Test]
    public async Task Unknown_keys_are_rejected_at_every_nesting_level()
    {
        var slug = await NewProjectAsync();
        var details = (await CallAsync(Owner, "todos.create", new { projectSlug = slug, title = "x", position = new { afterLocalId = (int?)null, nope = 1 } }))
            .AssertError(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "invalid input");
        Assert.That(details.GetProperty("detail").GetString(), Does.Contain("nope"));
    }

    [Test]
    public async Task Null_or_missing_input_behaves_like_an_empty_object()
    {
        (await PostEnvelopeAsync(Owner, "{\"tool\":\"todos.get\"}")).AssertValidation("missing projectSlug", new { field = "projectSlug" });
        (await PostEnvelopeAsync(Owner, "{\"tool\":\"todos.get\",\"input\":null}")).AssertValidation("missing projectSlug", new { field = "projectSlug" });
        (await PostEnvelopeAsync(Owner, "{\"tool\":\"todos.get\",\"input\":{\"projectSlug\":null}}")).AssertValidation("missing projectSlug", new { field = "projectSlug" });
        (await PostEnvelopeAsync(Owner, "{\"tool\":\"todos.get\",\"input\":{\"projectSlug\":\"x\",\"localId\":null}}")).AssertValidation("invalid localId", new { field = "localId" });
    }

    [Test]
    public async Task Integer_fields_accept_integral_floats()
    {
        var slug = await NewProjectAsync();
        await CreateTodoAsync(Owner, slug, "One");
        var todo = (await PostEnvelopeAsync(Owner, $"{{\"tool\":\"todos.get\",\"input\":{{\"projectSlug\":\"{slug}\",\"localId\":1.0}}}}")).AssertOk();
        Assert.That(todo.GetProperty("todo").GetProperty("localId").GetInt32(), Is.EqualTo(1));
        (await PostEnvelopeAsync(Owner, $"{{\"tool\":\"todos.get\",\"input\":{{\"projectSlug\":\"{slug}\",\"localId\":1e0}}}}")).AssertOk();
    }

    [Test]
    public async Task A_body_over_the_envelope_limit_is_413_and_not_read_into_memory()
    {
        var huge = "{\"tool\":\"projects.list\",\"input\":\"" + new string('a', 5 * 1024 * 1024) + "\"}";
        // With Expect: 100-continue the client waits for the verdict: the server answers from
        // Content-Length alone, without reading (or buffering) the body.
        var response = await PostEnvelopeAsync(Owner, huge, r => r.Headers.ExpectContinue = true);
        var details = response.AssertError(HttpStatusCode.RequestEntityTooLarge, "VALIDATION_ERROR", "request body too large");
        Assert.That(details.GetProperty("limitBytes").GetInt64(), Is.EqualTo(4 * 1024 * 1024));
    }

    [Test]
    public async Task A_body_just_under_the_limit_is_accepted()
    {
        var body = "{\"tool\":\"projects.list\",\"input\":\"" + new string('a', (4 * 1024 * 1024) - 100) + "\"}";
        (await PostEnvelopeAsync(Owner, body)).AssertOk();
    }

    [Test]
    public async Task Success_and_error_envelopes_have_exactly_their_keys()
    {
        var ok = await CallAsync(Owner, "projects.list");
        Assert.That(McpResponse.Keys(ok.Json), Is.EqualTo(new[] { "ok", "data", "meta" }));
        var error = await CallAsync(Owner, "todos.get", new { });
        Assert.That(McpResponse.Keys(error.Json), Is.EqualTo(new[] { "ok", "error" }));
        Assert.That(McpResponse.Keys(error.Json.GetProperty("error")), Is.EqualTo(new[] { "code", "message", "details" }));
        Assert.That(error.Response.Headers.CacheControl?.NoStore, Is.True);
        Assert.That(error.Response.Content.Headers.ContentType, Is.EqualTo(MediaTypeHeaderValue.Parse("application/json; charset=utf-8")));
    }

    [Test]
    public async Task Every_listed_tool_is_registered_and_none_fails_with_a_server_error_on_empty_input()
    {
        foreach (var tool in AllTools)
        {
            var response = await CallAsync(Owner, tool, new { });
            Assert.That(response.Status, Is.Not.EqualTo(HttpStatusCode.InternalServerError), tool);
            if (response.Status == HttpStatusCode.NotFound)
            {
                Assert.That(response.Json.GetProperty("error").GetProperty("message").GetString(), Is.Not.EqualTo("tool not found"), tool);
            }
        }
    }
}
