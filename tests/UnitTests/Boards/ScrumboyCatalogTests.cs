using System.Text.Json;
using Platform.Domain.Common;
using Platform.Web.Mcp.CookieEnvelope;

namespace Platform.UnitTests.Boards;

/// <summary>The Scrumboy tool catalog (what a tools/list binding would publish) and the envelope's input rules.</summary>
public sealed class ScrumboyCatalogTests
{
    private static readonly Platform.Web.Mcp.Catalog.ToolCatalog Catalog = ScrumboyTools.Build();

    [Test]
    public void The_catalog_lists_the_28_tools_in_capability_order()
    {
        Assert.That(Catalog.Tools.Select(t => t.Name), Is.EqualTo(new[]
        {
            "system.getCapabilities", "projects.list", "todos.create", "todos.get", "todos.search", "todos.update", "todos.delete", "todos.move",
            "sprints.list", "sprints.get", "sprints.getActive", "sprints.create", "sprints.activate", "sprints.close", "sprints.update", "sprints.delete",
            "tags.listProject", "tags.listMine", "tags.updateMineColor", "tags.deleteMine", "tags.updateProjectColor", "tags.deleteProject",
            "members.list", "members.listAvailable", "members.add", "members.updateRole", "members.remove", "board.get",
        }));
        Assert.That(Catalog.Tools.Where(t => !t.RequiresSignIn).Select(t => t.Name), Is.EqualTo(new[] { "system.getCapabilities" }));
    }

    [Test]
    public void Every_tool_has_a_description_and_a_closed_object_schema()
    {
        foreach (var tool in Catalog.Tools)
        {
            Assert.That(tool.Description, Is.Not.Empty, tool.Name);
            Assert.That(tool.InputSchema.GetProperty("type").GetString(), Is.EqualTo("object"), tool.Name);
            Assert.That(tool.InputSchema.GetProperty("additionalProperties").GetBoolean(), Is.False, tool.Name);
        }
    }

    [Test]
    public void ToolsList_TodosCreateSchema()
    {
        var schema = Schema("todos.create");
        Assert.That(schema.GetProperty("required").EnumerateArray().Select(r => r.GetString()), Is.EqualTo(new[] { "projectSlug", "title" }));
        var properties = schema.GetProperty("properties");
        Assert.That(properties.EnumerateObject().Select(p => p.Name), Is.EqualTo(new[]
        {
            "projectSlug", "title", "body", "tags", "columnKey", "estimationPoints", "sprintId", "assigneeUserId", "position",
        }));
        Assert.That(properties.GetProperty("tags").GetProperty("type").GetString(), Is.EqualTo("array"));
        var position = properties.GetProperty("position");
        Assert.That(position.GetProperty("additionalProperties").GetBoolean(), Is.False);
        Assert.That(position.GetProperty("properties").EnumerateObject().Select(p => p.Name), Is.EqualTo(new[] { "afterLocalId", "beforeLocalId" }));
    }

    [Test]
    public void ToolsList_TodosUpdateSchema()
    {
        var schema = Schema("todos.update");
        Assert.That(schema.GetProperty("required").EnumerateArray().Select(r => r.GetString()), Is.EqualTo(new[] { "projectSlug", "localId", "patch" }));
        var patch = schema.GetProperty("properties").GetProperty("patch");
        Assert.That(patch.GetProperty("additionalProperties").GetBoolean(), Is.False);
        Assert.That(patch.GetProperty("properties").EnumerateObject().Select(p => p.Name), Is.EqualTo(new[]
        {
            "title", "body", "tags", "estimationPoints", "assigneeUserId", "sprintId",
        }));
        var sprintType = patch.GetProperty("properties").GetProperty("sprintId").GetProperty("type").EnumerateArray().Select(t => t.GetString());
        Assert.That(sprintType, Is.EquivalentTo(new[] { "integer", "null" }));
    }

    [Test]
    public void ToolsList_ProjectsListSchema()
    {
        var schema = Schema("projects.list");
        Assert.That(schema.GetProperty("properties").EnumerateObject(), Is.Empty);
        Assert.That(schema.GetProperty("additionalProperties").GetBoolean(), Is.False);
    }

    [TestCase("Bearer", true)]
    [TestCase("bearer x", true)]
    [TestCase("  BEARER  ", true)]
    [TestCase("Bearer sb_abc", true)]
    [TestCase("Bearerxyz", false)]
    [TestCase("Basic abc", false)]
    [TestCase("", false)]
    [TestCase(null, false)]
    public void Bearer_attempts_are_recognised_like_scrumboy(string? header, bool attempt) =>
        Assert.That(EnvelopeEndpoint.IsBearerAttempt(header), Is.EqualTo(attempt));

    [Test]
    public void Tool_input_decoding_is_strict()
    {
        var ok = ScrumboyToolInput.Decode<Platform.Application.Boards.Todos.GetTodo.GetTodoQuery>(Element("{\"projectSlug\":\"p\",\"localId\":3.0}"));
        Assert.That(ok.LocalId, Is.EqualTo(3));
        var empty = ScrumboyToolInput.Decode<Platform.Application.Boards.Todos.GetTodo.GetTodoQuery>(null);
        Assert.That(empty.ProjectSlug, Is.Null);
        foreach (var bad in new[] { "{\"localId\":3.5}", "{\"x\":1}", "\"text\"", "{\"localId\":\"3\"}", "{\"localId\":1e20}" })
        {
            var error = Assert.Throws<ValidationFailedException>(() => ScrumboyToolInput.Decode<Platform.Application.Boards.Todos.GetTodo.GetTodoQuery>(Element(bad)), bad)!;
            Assert.That(error.Message, Is.EqualTo("invalid input"), bad);
            Assert.That(error.Details["detail"], Is.Not.Null, bad);
        }
    }

    private static JsonElement Schema(string tool)
    {
        Assert.That(Catalog.TryGet(tool, out var definition), Is.True);
        return definition!.InputSchema;
    }

    private static JsonElement Element(string json) => JsonDocument.Parse(json).RootElement.Clone();
}
