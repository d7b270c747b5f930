using System.Net;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using Platform.IntegrationTests.Boards.Support;

namespace Platform.IntegrationTests.Boards;

/// <summary>
/// The official C# SDK client on <c>/mcp/rpc</c> with a personal API token and no OAuth: it
/// initializes, lists the board tools under names it accepts and calls one (issue 15).
/// </summary>
public sealed class JsonRpcSdkTests : BoardsFixture
{
    [Test]
    public async Task The_sdk_client_lists_and_calls_board_tools_with_an_sb_token()
    {
        var slug = await NewProjectAsync();
        var (id, token) = await ApiTokenEnvelopeTests.NewTokenAsync(Owner, "sdk");
        var transport = new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = new Uri(App.BaseAddress, "/mcp/rpc"),
            TransportMode = HttpTransportMode.StreamableHttp,
            AdditionalHeaders = new Dictionary<string, string> { ["Authorization"] = "Bearer " + token },
        });
        await using var client = await McpClient.CreateAsync(transport, new McpClientOptions
        {
            ClientInfo = new Implementation { Name = "platform-tests", Version = "1.0.0" },
        });

        var tools = await client.ListToolsAsync();
        var created = await client.CallToolAsync("todos_create", new Dictionary<string, object?> { ["projectSlug"] = slug, ["title"] = "Via SDK" });
        var board = await client.CallToolAsync("board_get", new Dictionary<string, object?> { ["projectSlug"] = slug });

        Assert.That(client.ServerInfo?.Name, Is.EqualTo("scrumboy"));
        Assert.That(tools.Select(t => t.Name), Does.Contain("todos_create").And.Contain("board_get").And.Contain("system_getCapabilities"));
        Assert.That(created.IsError, Is.Not.True);
        Assert.That(created.StructuredContent?.GetProperty("todo").GetProperty("title").GetString(), Is.EqualTo("Via SDK"));
        Assert.That(board.StructuredContent?.GetProperty("columns").GetArrayLength(), Is.GreaterThan(0));

        // Revoked: the next call is refused as a failed bearer, never served from the owner's cookie.
        Assert.That((await Owner.SendRawAsync(HttpMethod.Delete, $"/api/me/tokens/{id}", null)).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        var refused = await client.CallToolAsync("projects_list");
        Assert.That(refused.IsError, Is.True);
        Assert.That(((TextContentBlock)refused.Content[0]).Text, Is.EqualTo("authentication required"));
    }
}
