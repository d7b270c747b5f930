using System.Net;
using System.Text.Json;
using Platform.IntegrationTests.Support;

namespace Platform.IntegrationTests.Boards;

/// <summary>The per-column totals kept by the database agree with counting, through creates, moves and deletes.</summary>
public sealed class ColumnCountTests
{
    [Test]
    public async Task Unfiltered_totals_match_counted_totals_after_creates_moves_and_deletes()
    {
        using var app = new PlatformApp();
        using var owner = await app.BootstrapAsync();
        var project = await owner.PostJsonAsync("/api/projects", new { name = "Counts" });
        Assert.That(project.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var slug = (await project.ReadJsonAsync()).GetProperty("slug").GetString()!;

        async Task<JsonElement> Tool(string tool, object input)
        {
            var response = await owner.Http.PostAsync("/mcp", new StringContent(JsonSerializer.Serialize(new { tool, input }), System.Text.Encoding.UTF8, "application/json"));
            var json = await response.ReadJsonAsync();
            Assert.That(json.GetProperty("ok").GetBoolean(), Is.True, json.ToString());
            return json;
        }

        for (var i = 1; i <= 12; i++)
        {
            await Tool("todos.create", new { projectSlug = slug, title = $"task {i}", columnKey = i % 3 == 0 ? "doing" : "backlog" });
        }

        await Tool("todos.move", new { projectSlug = slug, localId = 1, toColumnKey = "done" });
        await Tool("todos.move", new { projectSlug = slug, localId = 2, toColumnKey = "testing" });
        await Tool("todos.move", new { projectSlug = slug, localId = 3, toColumnKey = "backlog" });
        await Tool("todos.delete", new { projectSlug = slug, localId = 4 });
        await Tool("todos.delete", new { projectSlug = slug, localId = 6 });

        var kept = (await Tool("board.get", new { projectSlug = slug })).GetProperty("meta").GetProperty("totalCountByColumn");
        var counted = (await Tool("board.get", new { projectSlug = slug, search = "task" })).GetProperty("meta").GetProperty("totalCountByColumn");
        Assert.That(kept.ToString(), Is.EqualTo(counted.ToString()));
        Assert.That(kept.GetProperty("backlog").GetInt32(), Is.EqualTo(6));
        Assert.That(kept.GetProperty("doing").GetInt32(), Is.EqualTo(2));
        Assert.That(kept.GetProperty("testing").GetInt32(), Is.EqualTo(1));
        Assert.That(kept.GetProperty("done").GetInt32(), Is.EqualTo(1));
        Assert.That(kept.GetProperty("not_started").GetInt32(), Is.EqualTo(0));
    }
}
