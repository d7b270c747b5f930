using System.Net;
using System.Text.Json;
using Platform.IntegrationTests.Boards.Support;
using Platform.IntegrationTests.Support;

namespace Platform.IntegrationTests.Boards;

/// <summary>
/// The permission matrix of the dialect (spec §7) for viewer, contributor, maintainer and a
/// signed-in non-member, on one project with a todo, a sprint and a shared tag.
/// </summary>
public sealed class RoleMatrixTests : BoardsFixture
{
    private string _slug = "";
    private int _sprintId;
    private int _tagId;
    private TestClient _viewer = null!;
    private TestClient _contributor = null!;
    private TestClient _maintainer = null!;
    private TestClient _outsider = null!;
    private int _contributorId;
    private int _viewerId;

    [OneTimeSetUp]
    public async Task SetUpProjectAsync()
    {
        _slug = await NewProjectAsync();
        (_viewer, _viewerId) = await NewMemberAsync(_slug, "viewer");
        (_contributor, _contributorId) = await NewMemberAsync(_slug, "contributor");
        (_maintainer, _) = await NewMemberAsync(_slug, "maintainer");
        (_outsider, _) = await NewUserAsync();
        _sprintId = await CreateSprintAsync(_slug, "Matrix sprint");
        await CreateTodoAsync(Owner, _slug, "Todo one", new { tags = new[] { "matrix" } });
        var tag = await (await Owner.PostJsonAsync($"/api/projects/{_slug}/tags", new { name = "shared-matrix" })).ReadJsonAsync();
        _tagId = tag.GetProperty("tagId").GetInt32();
    }

    private TestClient Client(string role) => role switch
    {
        "viewer" => _viewer,
        "contributor" => _contributor,
        "maintainer" => _maintainer,
        _ => _outsider,
    };

    private static IEnumerable<TestCaseData> ReadTools()
    {
        foreach (var role in new[] { "viewer", "contributor", "maintainer" })
        {
            yield return new TestCaseData(role).SetName($"Read_tools_are_open_to_{role}s");
        }
    }

    [TestCaseSource(nameof(ReadTools))]
    public async Task Read_tools_are_open_to_every_member_role(string role)
    {
        var client = Client(role);
        var projects = (await CallAsync(client, "projects.list")).AssertOk().GetProperty("items");
        var item = projects.EnumerateArray().Single(p => p.GetProperty("projectSlug").GetString() == _slug);
        Assert.That(item.GetProperty("role").GetString(), Is.EqualTo(role));
        var board = (await CallAsync(client, "board.get", new { projectSlug = _slug })).AssertOk();
        Assert.That(board.GetProperty("project").GetProperty("role").GetString(), Is.EqualTo(role));
        (await CallAsync(client, "todos.get", new { projectSlug = _slug, localId = 1 })).AssertOk();
        (await CallAsync(client, "todos.search", new { projectSlug = _slug, query = "todo" })).AssertOk();
        (await CallAsync(client, "sprints.list", new { projectSlug = _slug })).AssertOk();
        (await CallAsync(client, "sprints.get", new { projectSlug = _slug, sprintId = _sprintId })).AssertOk();
        (await CallAsync(client, "sprints.getActive", new { projectSlug = _slug })).AssertOk();
        (await CallAsync(client, "tags.listProject", new { projectSlug = _slug })).AssertOk();
        (await CallAsync(client, "members.list", new { projectSlug = _slug })).AssertOk();
    }

    [Test]
    public async Task A_non_member_sees_nothing_of_the_project()
    {
        var inputs = new (string Tool, object Input)[]
        {
            ("board.get", new { projectSlug = _slug }),
            ("todos.get", new { projectSlug = _slug, localId = 1 }),
            ("todos.search", new { projectSlug = _slug }),
            ("todos.create", new { projectSlug = _slug, title = "x" }),
            ("todos.update", new { projectSlug = _slug, localId = 1, patch = new { body = "x" } }),
            ("todos.delete", new { projectSlug = _slug, localId = 1 }),
            ("todos.move", new { projectSlug = _slug, localId = 1, toColumnKey = "doing" }),
            ("sprints.list", new { projectSlug = _slug }),
            ("sprints.get", new { projectSlug = _slug, sprintId = _sprintId }),
            ("sprints.getActive", new { projectSlug = _slug }),
            ("sprints.create", new { projectSlug = _slug, name = "x", plannedStartAt = "2026-01-01T00:00:00Z", plannedEndAt = "2026-01-02T00:00:00Z" }),
            ("sprints.activate", new { projectSlug = _slug, sprintId = _sprintId }),
            ("sprints.delete", new { projectSlug = _slug, sprintId = _sprintId }),
            ("tags.listProject", new { projectSlug = _slug }),
            ("tags.updateProjectColor", new { projectSlug = _slug, tagId = _tagId, color = "#000000" }),
            ("tags.deleteProject", new { projectSlug = _slug, tagId = _tagId }),
            ("members.list", new { projectSlug = _slug }),
            ("members.listAvailable", new { projectSlug = _slug }),
            ("members.add", new { projectSlug = _slug, userId = _viewerId, role = "viewer" }),
            ("members.updateRole", new { projectSlug = _slug, userId = _viewerId, role = "viewer" }),
            ("members.remove", new { projectSlug = _slug, userId = _viewerId }),
        };
        foreach (var (tool, input) in inputs)
        {
            var response = await CallAsync(_outsider, tool, input);
            Assert.That(response.Status, Is.EqualTo(HttpStatusCode.NotFound), $"{tool}: {response.Text}");
            response.AssertNotFound();
        }

        var projects = (await CallAsync(_outsider, "projects.list")).AssertOk().GetProperty("items");
        Assert.That(projects.EnumerateArray().Select(p => p.GetProperty("projectSlug").GetString()), Does.Not.Contain(_slug));
    }

    [Test]
    public async Task Todo_create_is_404_for_viewers_403_for_contributors_and_allowed_for_maintainers()
    {
        (await CallAsync(_viewer, "todos.create", new { projectSlug = _slug, title = "v" })).AssertNotFound();
        (await CallAsync(_contributor, "todos.create", new { projectSlug = _slug, title = "c" })).AssertForbidden();
        var created = await CreateTodoAsync(_maintainer, _slug, "m");
        Assert.That(created.GetProperty("title").GetString(), Is.EqualTo("m"));
        // Field validation comes before the write check, as in Scrumboy's store.
        (await CallAsync(_viewer, "todos.create", new { projectSlug = _slug, title = " " })).AssertValidation("validation: invalid title", new { });
    }

    [Test]
    public async Task Todo_delete_is_404_for_viewers_and_403_for_contributors()
    {
        var todo = await CreateTodoAsync(Owner, _slug, "to delete");
        var localId = todo.GetProperty("localId").GetInt32();
        (await CallAsync(_viewer, "todos.delete", new { projectSlug = _slug, localId })).AssertNotFound();
        (await CallAsync(_contributor, "todos.delete", new { projectSlug = _slug, localId })).AssertForbidden();
        (await CallAsync(_maintainer, "todos.delete", new { projectSlug = _slug, localId })).AssertOk();
    }

    [Test]
    public async Task Todo_move_is_403_for_viewers_and_contributors()
    {
        (await CallAsync(_viewer, "todos.move", new { projectSlug = _slug, localId = 1, toColumnKey = "doing" })).AssertForbidden();
        (await CallAsync(_contributor, "todos.move", new { projectSlug = _slug, localId = 1, toColumnKey = "doing" })).AssertForbidden();
        var moved = (await CallAsync(_maintainer, "todos.move", new { projectSlug = _slug, localId = 1, toColumnKey = "testing" })).AssertOk();
        Assert.That(moved.GetProperty("todo").GetProperty("columnKey").GetString(), Is.EqualTo("testing"));
    }

    [Test]
    public async Task Todo_update_is_404_for_viewers_and_body_only_for_an_assigned_contributor()
    {
        var todo = await CreateTodoAsync(Owner, _slug, "Assigned", new { assigneeUserId = _contributorId, tags = new[] { "keep" } });
        var unassigned = await CreateTodoAsync(Owner, _slug, "Unassigned");
        var assignedId = todo.GetProperty("localId").GetInt32();
        var unassignedId = unassigned.GetProperty("localId").GetInt32();

        (await CallAsync(_viewer, "todos.update", new { projectSlug = _slug, localId = assignedId, patch = new { body = "v" } })).AssertNotFound();
        (await CallAsync(_contributor, "todos.update", new { projectSlug = _slug, localId = unassignedId, patch = new { body = "c" } })).AssertForbidden();

        var updated = (await CallAsync(_contributor, "todos.update", new
        {
            projectSlug = _slug,
            localId = assignedId,
            patch = new { title = "Hijacked", body = "Contributor notes", tags = new[] { "other" }, estimationPoints = 8 },
        })).AssertOk().GetProperty("todo");
        Assert.That(updated.GetProperty("body").GetString(), Is.EqualTo("Contributor notes"));
        Assert.That(updated.GetProperty("title").GetString(), Is.EqualTo("Assigned"));
        Assert.That(updated.GetProperty("tags").EnumerateArray().Select(t => t.GetString()), Is.EqualTo(new[] { "keep" }));
        Assert.That(updated.GetProperty("estimationPoints").ValueKind, Is.EqualTo(JsonValueKind.Null));

        var full = (await CallAsync(_maintainer, "todos.update", new { projectSlug = _slug, localId = unassignedId, patch = new { title = "By maintainer", assigneeUserId = _viewerId } }))
            .AssertOk().GetProperty("todo");
        Assert.That(full.GetProperty("title").GetString(), Is.EqualTo("By maintainer"));
        Assert.That(full.GetProperty("assigneeUserId").GetInt32(), Is.EqualTo(_viewerId));
    }

    private static IEnumerable<TestCaseData> MaintainerTools()
    {
        foreach (var role in new[] { "viewer", "contributor" })
        {
            foreach (var tool in new[]
            {
                "sprints.create", "sprints.activate", "sprints.close", "sprints.update", "sprints.delete",
                "tags.updateProjectColor", "tags.deleteProject",
                "members.listAvailable", "members.add", "members.updateRole", "members.remove",
            })
            {
                yield return new TestCaseData(role, tool).SetName($"{tool}_is_403_maintainer_required_for_{role}s");
            }
        }
    }

    [TestCaseSource(nameof(MaintainerTools))]
    public async Task Maintainer_tools_are_403_for_lower_roles(string role, string tool)
    {
        object input = tool switch
        {
            "sprints.create" => new { projectSlug = _slug, name = "x", plannedStartAt = "2026-01-01T00:00:00Z", plannedEndAt = "2026-01-02T00:00:00Z" },
            "sprints.update" => new { projectSlug = _slug, sprintId = _sprintId, patch = new { name = "x" } },
            "sprints.activate" or "sprints.close" or "sprints.delete" => new { projectSlug = _slug, sprintId = _sprintId },
            "tags.updateProjectColor" => new { projectSlug = _slug, tagId = _tagId, color = "#000000" },
            "tags.deleteProject" => new { projectSlug = _slug, tagId = _tagId },
            "members.listAvailable" => new { projectSlug = _slug },
            "members.remove" => new { projectSlug = _slug, userId = _viewerId },
            _ => new { projectSlug = _slug, userId = _viewerId, role = "viewer" },
        };
        (await CallAsync(Client(role), tool, input)).AssertMaintainerRequired();
    }

    [Test]
    public async Task Maintainers_can_use_the_maintainer_tools()
    {
        var sprint = (await CallAsync(_maintainer, "sprints.create", new { projectSlug = _slug, name = Unique("by maintainer"), plannedStartAt = "2026-01-01T00:00:00Z", plannedEndAt = "2099-01-02T00:00:00Z" }))
            .AssertOk().GetProperty("sprint").GetProperty("sprintId").GetInt32();
        (await CallAsync(_maintainer, "sprints.update", new { projectSlug = _slug, sprintId = sprint, patch = new { name = Unique("renamed") } })).AssertOk();
        (await CallAsync(_maintainer, "sprints.delete", new { projectSlug = _slug, sprintId = sprint })).AssertOk();
        (await CallAsync(_maintainer, "tags.updateProjectColor", new { projectSlug = _slug, tagId = _tagId, color = "#abcdef" })).AssertOk();
        (await CallAsync(_maintainer, "members.listAvailable", new { projectSlug = _slug })).AssertOk();
        (await CallAsync(_maintainer, "members.updateRole", new { projectSlug = _slug, userId = _viewerId, role = "viewer" })).AssertOk();
    }
}
