using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Platform.IntegrationTests.Support;

namespace Platform.IntegrationTests.Boards.Support;

/// <summary>
/// Base of the Boards HTTP tests: one real server per fixture, bootstrapped, with a signed-in owner
/// (<see cref="Owner"/>, system owner). Each test makes its own projects and users.
/// </summary>
public abstract class BoardsFixture
{
    private static int _sequence;

    protected PlatformApp App { get; private set; } = null!;

    protected TestClient Owner { get; private set; } = null!;

    protected int OwnerId { get; private set; }

    [OneTimeSetUp]
    public async Task StartAppAsync()
    {
        App = new PlatformApp();
        Owner = await App.BootstrapAsync();
        OwnerId = (await (await Owner.GetAsync("/api/me")).ReadJsonAsync()).GetProperty("id").GetInt32();
    }

    [OneTimeTearDown]
    public void StopApp()
    {
        Owner.Dispose();
        App.Dispose();
    }

    protected static string Unique(string prefix) => $"{prefix} {Interlocked.Increment(ref _sequence)}";

    /// <summary>A new project owned (maintainer) by <paramref name="client"/> (default: the owner); returns its slug.</summary>
    protected async Task<string> NewProjectAsync(TestClient? client = null, string? name = null)
    {
        var response = await (client ?? Owner).PostJsonAsync("/api/projects", new { name = name ?? Unique("Project") });
        var json = await response.ReadJsonAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), json.ToString());
        return json.GetProperty("slug").GetString()!;
    }

    /// <summary>A new user (created by the owner) and a signed-in client for them.</summary>
    protected async Task<(TestClient Client, int UserId)> NewUserAsync(string? name = null)
    {
        var email = $"user{Interlocked.Increment(ref _sequence)}-{Guid.NewGuid():N}@example.com";
        var created = await Owner.PostJsonAsync("/api/admin/users", new { email, password = "password123", name = name ?? "User" });
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync());
        var id = (await created.ReadJsonAsync()).GetProperty("id").GetInt32();
        var client = App.NewClient();
        await SignInAsync(client, email);
        return (client, id);
    }

    /// <summary>Signs in from a distinct client address so the per-IP login limit never trips in tests.</summary>
    protected static async Task SignInAsync(TestClient client, string email, string password = "password123")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/login")
        {
            Content = new StringContent(JsonSerializer.Serialize(new { email, password }), Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Scrumboy", "1");
        var n = Interlocked.Increment(ref _sequence);
        request.Headers.Add("X-Forwarded-For", $"10.{(n >> 16) & 255}.{(n >> 8) & 255}.{n & 255}");
        var response = await client.Http.SendAsync(request);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
    }

    /// <summary>A new user who is a member of <paramref name="slug"/> with <paramref name="role"/> (added by the owner).</summary>
    protected async Task<(TestClient Client, int UserId)> NewMemberAsync(string slug, string role)
    {
        var (client, id) = await NewUserAsync();
        (await CallAsync(Owner, "members.add", new { projectSlug = slug, userId = id, role })).AssertOk();
        return (client, id);
    }

    protected Task<McpResponse> CallAsync(TestClient client, string tool, object? input = null) =>
        PostEnvelopeAsync(client, JsonSerializer.Serialize(new { tool, input = input ?? new { } }));

    /// <summary>Posts a raw body to /mcp (no X-Scrumboy header: the envelope does not need one).</summary>
    protected static async Task<McpResponse> PostEnvelopeAsync(TestClient client, string body, Action<HttpRequestMessage>? configure = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/mcp") { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        configure?.Invoke(request);
        var response = await client.Http.SendAsync(request);
        return new McpResponse(response, await response.Content.ReadAsStringAsync());
    }

    protected static async Task<McpResponse> SendAsync(TestClient client, HttpMethod method, string path, Action<HttpRequestMessage>? configure = null)
    {
        using var request = new HttpRequestMessage(method, path);
        configure?.Invoke(request);
        var response = await client.Http.SendAsync(request);
        return new McpResponse(response, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Creates a todo as <paramref name="client"/> and returns its data.todo.</summary>
    protected async Task<JsonElement> CreateTodoAsync(TestClient client, string slug, string title, object? extra = null)
    {
        var input = new Dictionary<string, object?> { ["projectSlug"] = slug, ["title"] = title };
        if (extra is not null)
        {
            foreach (var property in JsonSerializer.SerializeToElement(extra).EnumerateObject())
            {
                input[property.Name] = property.Value;
            }
        }

        return (await CallAsync(client, "todos.create", input)).AssertOk().GetProperty("todo");
    }

    /// <summary>The localIds of a column, in board order (first page of up to 100).</summary>
    protected async Task<int[]> ColumnAsync(string slug, string columnKey)
    {
        var board = (await CallAsync(Owner, "board.get", new { projectSlug = slug, limit = 100 })).AssertOk();
        return board.GetProperty("columns").EnumerateArray()
            .Single(c => c.GetProperty("key").GetString() == columnKey)
            .GetProperty("items").EnumerateArray().Select(i => i.GetProperty("localId").GetInt32()).ToArray();
    }

    protected async Task<int> CreateSprintAsync(string slug, string name, string start = "2026-04-01T00:00:00Z", string end = "2099-04-14T23:59:59Z")
    {
        var data = (await CallAsync(Owner, "sprints.create", new { projectSlug = slug, name, plannedStartAt = start, plannedEndAt = end })).AssertOk();
        return data.GetProperty("sprint").GetProperty("sprintId").GetInt32();
    }
}

/// <summary>Direct reads of stored state (what a user would notice only indirectly, e.g. ranks).</summary>
public static class BoardsDatabase
{
    /// <summary>(localId, rank) of a lane in stored order (rank, id).</summary>
    public static async Task<List<(int LocalId, long Rank)>> LaneAsync(Platform.IntegrationTests.Support.PlatformApp app, string slug, string columnKey)
    {
        await using var connection = new Npgsql.NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(
            "SELECT t.local_id, t.rank FROM boards.todos t JOIN boards.projects p ON p.id = t.project_id WHERE p.slug = @slug AND t.column_key = @key ORDER BY t.rank, t.id",
            connection);
        command.Parameters.AddWithValue("slug", slug);
        command.Parameters.AddWithValue("key", columnKey);
        var lane = new List<(int, long)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            lane.Add((reader.GetInt32(0), reader.GetInt64(1)));
        }

        return lane;
    }

    public static async Task ExecuteAsync(Platform.IntegrationTests.Support.PlatformApp app, string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new Npgsql.NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        await command.ExecuteNonQueryAsync();
    }
}
