using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using Platform.IntegrationTests.Support;

namespace Platform.IntegrationTests.McpJsonRpc;

/// <summary>
/// One real server (Kestrel, own database) in external-issuer mode plus its issuer, shared by a
/// fixture; every test makes its own users and organizations through the admin API.
/// </summary>
public sealed class McpTestHost : IAsyncDisposable
{
    private static int _counter;

    private McpTestHost(TestIssuer issuer, PlatformApp app, TestClient admin)
    {
        Issuer = issuer;
        App = app;
        Admin = admin;
        Http = new HttpClient { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }

    public TestIssuer Issuer { get; }

    public PlatformApp App { get; }

    /// <summary>Signed in as the bootstrap owner (system owner): drives the admin API.</summary>
    public TestClient Admin { get; }

    /// <summary>A plain client without cookies for raw /api/mcp requests.</summary>
    public HttpClient Http { get; }

    public Uri Endpoint => new(App.BaseAddress, "/api/mcp");

    public static async Task<McpTestHost> StartAsync(IDictionary<string, string?>? settings = null, string? connectionString = null)
    {
        var issuer = await TestIssuer.StartAsync();
        var all = new Dictionary<string, string?> { ["BETTER_AUTH_URL"] = issuer.BaseUrl };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        var app = new PlatformApp(settings: all, connectionString: connectionString);
        var admin = await app.BootstrapAsync();
        return new McpTestHost(issuer, app, admin);
    }

    public static string Unique(string prefix) => $"{prefix}-{Interlocked.Increment(ref _counter)}-{Guid.NewGuid().ToString("N")[..6]}";

    public async Task<int> CreateUserAsync(string name = "User")
    {
        var email = $"{Unique("user")}@example.com";
        var response = await Admin.PostJsonAsync("/api/admin/users", new { email, password = "password123", name, systemRole = "user" });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        return (await response.ReadJsonAsync()).GetProperty("id").GetInt32();
    }

    public async Task<(int Id, string Name, string Slug)> CreateOrganizationAsync(string? name = null)
    {
        name ??= Unique("Org");
        var response = await Admin.PostJsonAsync("/api/admin/organizations", new { name });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        var json = await response.ReadJsonAsync();
        return (json.GetProperty("id").GetInt32(), json.GetProperty("name").GetString()!, json.GetProperty("slug").GetString()!);
    }

    public async Task AddMemberAsync(int organizationId, int userId, string role = "member")
    {
        var response = await Admin.PostJsonAsync($"/api/admin/organizations/{organizationId}/members", new { userId, role });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
    }

    /// <summary>A user who belongs to one new organization; returns both ids and a full-scope token.</summary>
    public async Task<(int UserId, int OrganizationId, string Token)> MemberWithOrganizationAsync(string role = "owner")
    {
        var userId = await CreateUserAsync();
        var organization = await CreateOrganizationAsync();
        await AddMemberAsync(organization.Id, userId, role);
        return (userId, organization.Id, Issuer.Token(userId));
    }

    /// <summary>The official C# SDK client over Streamable HTTP with a static bearer header.</summary>
    public async Task<McpClient> ConnectAsync(string token, string? protocolVersion = null)
    {
        var transport = new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = Endpoint,
            TransportMode = HttpTransportMode.StreamableHttp,
            AdditionalHeaders = new Dictionary<string, string> { ["Authorization"] = "Bearer " + token },
        });
        return await McpClient.CreateAsync(transport, new McpClientOptions
        {
            ClientInfo = new Implementation { Name = "platform-tests", Version = "1.0.0" },
            ProtocolVersion = protocolVersion,
        });
    }

    /// <summary>A raw JSON-RPC POST (no SDK) for transport and authentication rules.</summary>
    public Task<HttpResponseMessage> PostAsync(
        string body, string? token = null, string accept = "application/json, text/event-stream", IDictionary<string, string>? headers = null,
        string contentType = "application/json")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/mcp") { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        if (accept.Length > 0)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return Http.SendAsync(request);
    }

    public static string ToolCall(string tool, object? arguments = null, int id = 1) =>
        JsonSerializer.Serialize(new { jsonrpc = "2.0", id, method = "tools/call", @params = new { name = tool, arguments = arguments ?? new { } } });

    public const string ToolsList = """{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{}}""";

    /// <summary>The JSON-RPC message of a response, whether it came as JSON or as one SSE event.</summary>
    public static async Task<JsonElement> ReadRpcAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        if (response.Content.Headers.ContentType?.MediaType == "text/event-stream")
        {
            var data = text.Split('\n').Last(l => l.StartsWith("data: ", StringComparison.Ordinal));
            text = data["data: ".Length..];
        }

        try
        {
            return JsonDocument.Parse(text).RootElement.Clone();
        }
        catch (JsonException)
        {
            throw new AssertionException($"Expected JSON-RPC, got {(int)response.StatusCode}: {text}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        Admin.Dispose();
        await App.DisposeAsync();
        await Issuer.DisposeAsync();
    }
}
