namespace Platform.IntegrationTests.Support;

/// <summary>
/// A server for tests that drive Node.js clients (the TypeScript SDK, the MCP Inspector): it listens on
/// the address Node.js connects to and uses it as BACKEND_URL, since issuer and resources are checked
/// exactly; the system owner is signed in.
/// </summary>
public abstract class NodeClientFixture
{
    protected PlatformApp App { get; private set; } = null!;

    protected TestClient Owner { get; private set; } = null!;

    /// <summary>The server's public base URL, e.g. <c>http://127.0.0.1:PORT</c>.</summary>
    protected string Base { get; private set; } = null!;

    [OneTimeSetUp]
    public async Task StartServerAsync()
    {
        var port = NodeScripts.FreePort();
        Base = $"http://127.0.0.1:{port}";
        App = new PlatformApp(backendUrl: Base, port: port);
        Owner = await App.BootstrapAsync();
    }

    [OneTimeTearDown]
    public void StopServer()
    {
        Owner.Dispose();
        App.Dispose();
    }
}
