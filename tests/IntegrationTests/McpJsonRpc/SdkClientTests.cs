using System.Text.Json;
using ModelContextProtocol.Protocol;

namespace Platform.IntegrationTests.McpJsonRpc;

/// <summary>The official C# SDK client against the real endpoint, for each protocol revision that must work.</summary>
public sealed class SdkClientTests
{
    private McpTestHost _host = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => _host = await McpTestHost.StartAsync();

    [OneTimeTearDown]
    public async Task StopAsync() => await _host.DisposeAsync();

    private const string NewestSdkVersion = "2026-07-28";

    private static readonly object?[] Versions = ["2025-06-18", "2025-11-25", null];

    [TestCaseSource(nameof(Versions))]
    public async Task Lists_all_five_tools_with_their_schemas(string? version)
    {
        var (_, _, token) = await _host.MemberWithOrganizationAsync();
        await using var client = await _host.ConnectAsync(token, version);

        var tools = await client.ListToolsAsync();

        Assert.That(tools.Select(t => t.Name), Is.EqualTo(new[] { "list_organizations", "list_tasks", "get_task", "create_task", "update_task" }));
        var getTask = tools.Single(t => t.Name == "get_task").ProtocolTool;
        Assert.That(getTask.Description, Is.EqualTo("Get detailed information about a specific task by ID."));
        Assert.That(getTask.InputSchema.GetProperty("required")[0].GetString(), Is.EqualTo("taskId"));
        Assert.That(getTask.OutputSchema?.GetProperty("type").GetString(), Is.EqualTo("object"));
    }

    [TestCaseSource(nameof(Versions))]
    public async Task Calls_every_tool_through_the_endpoint(string? version)
    {
        var (userId, organizationId, token) = await _host.MemberWithOrganizationAsync();
        await using var client = await _host.ConnectAsync(token, version);
        // Without a pinned version the SDK uses its newest revision (server/discover, no initialize).
        Assert.That(client.NegotiatedProtocolVersion, Is.EqualTo(version ?? NewestSdkVersion));

        var organizations = await client.CallToolAsync("list_organizations", new Dictionary<string, object?>());
        Assert.That(organizations.IsError, Is.Not.True, Text(organizations));
        Assert.That(organizations.StructuredContent!.Value.GetProperty("organizations")[0].GetProperty("id").GetInt32(), Is.EqualTo(organizationId));

        var created = await client.CallToolAsync("create_task", new Dictionary<string, object?> { ["title"] = "Write the report" });
        Assert.That(created.IsError, Is.Not.True, Text(created));
        var taskId = created.StructuredContent!.Value.GetProperty("id").GetInt32();

        var listed = await client.CallToolAsync("list_tasks", new Dictionary<string, object?> { ["organizationId"] = organizationId });
        Assert.That(listed.StructuredContent!.Value.GetProperty("tasks").EnumerateArray().Select(t => t.GetProperty("id").GetInt32()), Does.Contain(taskId));

        var updated = await client.CallToolAsync("update_task", new Dictionary<string, object?> { ["taskId"] = taskId, ["status"] = "DONE" });
        Assert.That(updated.StructuredContent!.Value.GetProperty("status").GetString(), Is.EqualTo("DONE"), Text(updated));

        var fetched = await client.CallToolAsync("get_task", new Dictionary<string, object?> { ["taskId"] = taskId });
        var task = fetched.StructuredContent!.Value;
        Assert.Multiple(() =>
        {
            Assert.That(task.GetProperty("title").GetString(), Is.EqualTo("Write the report"));
            Assert.That(task.GetProperty("status").GetString(), Is.EqualTo("DONE"));
            Assert.That(task.GetProperty("owners")[0].GetProperty("userId").GetInt32(), Is.EqualTo(userId));
            Assert.That(JsonDocument.Parse(Text(fetched)).RootElement.GetProperty("id").GetInt32(), Is.EqualTo(taskId));
        });
    }

    internal static string Text(CallToolResult result) => string.Concat(result.Content.OfType<TextContentBlock>().Select(c => c.Text));
}
