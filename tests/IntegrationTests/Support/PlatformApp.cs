using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Platform.Infrastructure.Persistence;

namespace Platform.IntegrationTests.Support;

/// <summary>
/// The real server (Kestrel on a random loopback port, real HTTP) on its own fresh database.
/// </summary>
public sealed class PlatformApp : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;
    private readonly Action<IServiceCollection>? _services;

    /// <param name="services">Replacements of the composition root's services (the mediator tests' caller).</param>
    public PlatformApp(
        string? mode = null, string? backendUrl = null, IDictionary<string, string?>? settings = null, string? connectionString = null, int port = 0,
        Action<IServiceCollection>? services = null)
    {
        _services = services;
        ConnectionString = connectionString ?? TestCluster.CreateDatabase();
        _settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Platform"] = ConnectionString,
            ["SCRUMBOY_MODE"] = mode ?? "full",
            ["urls"] = "http://127.0.0.1:0",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
            ["Logging:LogLevel:Microsoft.AspNetCore.Server.Kestrel"] = Environment.GetEnvironmentVariable("PLATFORM_TEST_KESTREL_LOG") ?? "Warning",
            // Suites register many clients from one address; RegistrationLimitTests sets the real limits.
            ["OAuth:Registration:PerIpLimit"] = "1000000",
            ["OAuth:Registration:GlobalLimit"] = "1000000",
            // Suites call tools fast from one user and one client; ToolCallRateLimitTests sets real limits (decision 0212).
            ["Mcp:ToolCallLimits:PerUser"] = "1000000000",
            ["Mcp:ToolCallLimits:PerClient"] = "1000000000",
        };
        if (backendUrl is not null)
        {
            _settings["BACKEND_URL"] = backendUrl;
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }

        UseKestrel(port);
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        BaseAddress = new Uri(addresses.First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal));
    }

    public string ConnectionString { get; }

    public Uri BaseAddress { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.UseEnvironment("Testing");
        if (_services is not null)
        {
            builder.ConfigureTestServices(_services);
        }
    }

    /// <summary>A real HTTP client with its own cookie jar.</summary>
    public TestClient NewClient() => new(BaseAddress);

    public PlatformDbContext CreateDbContext() => TestCluster.CreateContext(ConnectionString);

    /// <summary>Bootstraps the first user (system owner) and returns a signed-in client.</summary>
    public async Task<TestClient> BootstrapAsync(string email = "owner@example.com", string password = "password123", string name = "Owner")
    {
        var client = NewClient();
        var response = await client.PostJsonAsync("/api/auth/bootstrap", new { email, password, name });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        return client;
    }

    /// <summary>Creates a user through the admin API (as <paramref name="admin"/>) and signs them in.</summary>
    public async Task<(TestClient Client, int UserId)> CreateUserAsync(TestClient admin, string email, string name = "User", string role = "user", string password = "password123")
    {
        var response = await admin.PostJsonAsync("/api/admin/users", new { email, password, name, systemRole = role });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        var id = (await response.ReadJsonAsync()).GetProperty("id").GetInt32();
        var client = NewClient();
        var login = await client.PostJsonAsync("/api/auth/login", new { email, password });
        Assert.That(login.StatusCode, Is.EqualTo(HttpStatusCode.OK), await login.Content.ReadAsStringAsync());
        return (client, id);
    }
}
