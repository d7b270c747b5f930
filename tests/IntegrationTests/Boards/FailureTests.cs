using System.Net;
using Platform.IntegrationTests.Boards.Support;
using Platform.IntegrationTests.Support;

namespace Platform.IntegrationTests.Boards;

/// <summary>An unexpected failure (here: a broken schema) is a 500 INTERNAL with a trace id, never the exception text.</summary>
public sealed class EnvelopeFailureTests
{
    [Test]
    public async Task Unexpected_errors_are_500_internal_error_with_only_a_trace_id()
    {
        using var app = new PlatformApp();
        using var owner = await app.BootstrapAsync();
        var created = await owner.PostJsonAsync("/api/projects", new { name = "Breakable" });
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        using (var first = new HttpRequestMessage(HttpMethod.Post, "/mcp")
        {
            Content = new StringContent("{\"tool\":\"todos.create\",\"input\":{\"projectSlug\":\"breakable\",\"title\":\"before\"}}", System.Text.Encoding.UTF8, "application/json"),
        })
        {
            Assert.That((await owner.Http.SendAsync(first)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        await BoardsDatabase.ExecuteAsync(app, "ALTER TABLE boards.todo_tags RENAME TO todo_tags_gone");

        using var request = new HttpRequestMessage(HttpMethod.Post, "/mcp")
        {
            Content = new StringContent("{\"tool\":\"board.get\",\"input\":{\"projectSlug\":\"breakable\"}}", System.Text.Encoding.UTF8, "application/json"),
        };
        var response = await owner.Http.SendAsync(request);
        var parsed = new McpResponse(response, await response.Content.ReadAsStringAsync());
        await CreateTodoBreaksToo(owner);
        var details = parsed.AssertError(HttpStatusCode.InternalServerError, "INTERNAL", "internal error");
        Assert.That(McpResponse.Keys(details), Is.EqualTo(new[] { "traceId" }));
        Assert.That(details.GetProperty("traceId").GetString(), Is.Not.Empty);
        Assert.That(parsed.Text, Does.Not.Contain("todo_tags").And.Not.Contain("Exception").And.Not.Contain("relation"));
    }

    private static async Task CreateTodoBreaksToo(TestClient owner)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/mcp")
        {
            Content = new StringContent("{\"tool\":\"todos.create\",\"input\":{\"projectSlug\":\"breakable\",\"title\":\"x\",\"tags\":[\"a\"]}}", System.Text.Encoding.UTF8, "application/json"),
        };
        var response = await owner.Http.SendAsync(request);
        var parsed = new McpResponse(response, await response.Content.ReadAsStringAsync());
        parsed.AssertError(HttpStatusCode.InternalServerError, "INTERNAL", "internal error");
        Assert.That(parsed.Text, Does.Not.Contain("todo_tags"));
    }
}
