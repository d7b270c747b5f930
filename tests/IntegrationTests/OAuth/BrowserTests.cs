using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Playwright;
using Platform.IntegrationTests.Support;

namespace Platform.IntegrationTests.OAuth;

/// <summary>
/// A person in headless Chromium: the login page, the consent page, Allow and Deny, ending on the
/// client's loopback redirect URI (served here by a tiny listener). Screenshots of both pages go to
/// artifacts/screenshots/ and are attached to the test results.
/// </summary>
public sealed class BrowserTests
{
    private const string ChromiumPath = "/usr/bin/chromium";
    private PlatformApp _app = null!;
    private OAuthFlow _flow = null!;
    private TestClient _owner = null!;
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        Assert.That(File.Exists(ChromiumPath), Is.True, $"{ChromiumPath} is missing: run build/setup.sh --browser (Debian package chromium)");
        _app = new PlatformApp();
        _flow = new OAuthFlow(_app);
        _owner = await _app.BootstrapAsync();
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args =
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
            ],
        });
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
        _owner.Dispose();
        _app.Dispose();
    }

    [Test]
    public async Task A_person_signs_in_sees_the_scopes_allows_and_the_client_gets_a_code()
    {
        using var callback = new LoopbackCallback();
        var client = await _flow.RegisterPublicAsync(callback.RedirectUri, name: "Claude Code");
        var user = await _flow.CreateUserAsync(_owner);
        var pkce = Pkce.New();

        await using var context = await NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(_app.BaseAddress, OAuthFlow.AuthorizePath(client, pkce, callback.RedirectUri, "organizations:read tasks:read tasks:write offline_access", "browser-state")).ToString());

        Assert.That(await page.TitleAsync(), Does.StartWith("Sign in"));
        Assert.That(await page.GetByText("Claude Code").CountAsync(), Is.GreaterThan(0));
        await page.GetByLabel("Email").FillAsync(user.Email);
        await page.GetByLabel("Password").FillAsync(user.Password);
        await ScreenshotAsync(page, "oauth-login-page");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Allow" }).WaitForAsync();
        foreach (var text in new[] { "Read your organizations", "Read your tasks", "Create and update tasks", "Stay connected without asking again" })
        {
            Assert.That(await page.GetByText(text, new() { Exact = true }).IsVisibleAsync(), Is.True, text);
        }

        Assert.That(await page.Locator(".redirect-host").InnerTextAsync(), Is.EqualTo(new Uri(callback.RedirectUri).Authority));
        await ScreenshotAsync(page, "oauth-consent-page");
        await page.GetByRole(AriaRole.Button, new() { Name = "Allow" }).ClickAsync();

        var arrived = await callback.WaitAsync();
        await page.GetByText("You can close this window").WaitForAsync();
        var query = QueryHelpers.ParseQuery(arrived.Query);
        Assert.That(arrived.GetLeftPart(UriPartial.Path), Is.EqualTo(callback.RedirectUri));
        Assert.That(query["state"].ToString(), Is.EqualTo("browser-state"));
        Assert.That(query["iss"].ToString(), Is.EqualTo("http://localhost:3001/auth"));

        // The code the browser delivered is good for tokens.
        var token = await _flow.ExchangeCodeAsync(client, query["code"].ToString(), pkce, callback.RedirectUri);
        var json = await token.ReadJsonAsync();
        Assert.That(token.StatusCode, Is.EqualTo(HttpStatusCode.OK), json.ToString());
        Assert.That(json.GetProperty("refresh_token").GetString(), Is.Not.Empty);
    }

    [Test]
    public async Task A_person_who_denies_sends_access_denied_back()
    {
        using var callback = new LoopbackCallback();
        var client = await _flow.RegisterPublicAsync(callback.RedirectUri, name: "Cursor");
        var user = await _flow.CreateUserAsync(_owner);

        await using var context = await NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(_app.BaseAddress, OAuthFlow.AuthorizePath(client, Pkce.New(), callback.RedirectUri, state: "deny-state")).ToString());
        await page.GetByLabel("Email").FillAsync(user.Email);
        await page.GetByLabel("Password").FillAsync(user.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Deny" }).WaitForAsync();
        await ScreenshotAsync(page, "oauth-consent-page-deny");
        await page.GetByRole(AriaRole.Button, new() { Name = "Deny" }).ClickAsync();

        var query = QueryHelpers.ParseQuery((await callback.WaitAsync()).Query);
        Assert.That(query["error"].ToString(), Is.EqualTo("access_denied"));
        Assert.That(query["state"].ToString(), Is.EqualTo("deny-state"));
        Assert.That(query.ContainsKey("code"), Is.False);
    }

    [Test]
    public async Task A_wrong_password_shows_an_error_on_a_usable_phone_sized_page()
    {
        using var callback = new LoopbackCallback();
        var client = await _flow.RegisterPublicAsync(callback.RedirectUri);
        await using var context = await NewContextAsync(new ViewportSize { Width = 375, Height = 740 });
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(_app.BaseAddress, OAuthFlow.AuthorizePath(client, Pkce.New(), callback.RedirectUri)).ToString());
        await page.GetByLabel("Email").FillAsync("nobody@example.com");
        await page.GetByLabel("Password").FillAsync("wrong-password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.GetByRole(AriaRole.Alert).WaitForAsync();
        Assert.That(await page.GetByRole(AriaRole.Alert).InnerTextAsync(), Is.EqualTo("Incorrect email or password."));
        Assert.That(await page.GetByLabel("Email").InputValueAsync(), Is.EqualTo("nobody@example.com"), "the e-mail is kept");
        var width = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        Assert.That(width, Is.LessThanOrEqualTo(375), "no horizontal scrolling on a phone");
        await ScreenshotAsync(page, "oauth-login-page-phone-error");
    }

    private Task<IBrowserContext> NewContextAsync(ViewportSize? viewport = null) =>
        _browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = viewport ?? new ViewportSize { Width = 1000, Height = 800 },
            ExtraHTTPHeaders = new Dictionary<string, string> { ["X-Forwarded-For"] = OAuthFlow.NewIp() },
        });

    private static async Task ScreenshotAsync(IPage page, string name)
    {
        var folder = Path.Combine(RepositoryRoot(), "artifacts", "screenshots");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        TestContext.AddTestAttachment(path, name);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Platform.sln")))
            {
                return dir.FullName;
            }
        }

        return TestContext.CurrentContext.WorkDirectory;
    }

    /// <summary>The client's side of the redirect: a loopback listener that records where the browser arrived.</summary>
    private sealed class LoopbackCallback : IDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly TaskCompletionSource<Uri> _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public LoopbackCallback()
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            RedirectUri = $"http://127.0.0.1:{port}/callback";
            _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            _listener.Start();
            _ = ServeAsync();
        }

        public string RedirectUri { get; }

        public async Task<Uri> WaitAsync() => await _arrived.Task.WaitAsync(TimeSpan.FromSeconds(30));

        public void Dispose() => _listener.Close();

        private async Task ServeAsync()
        {
            try
            {
                while (_listener.IsListening)
                {
                    var context = await _listener.GetContextAsync();
                    _arrived.TrySetResult(context.Request.Url!);
                    var body = "<!DOCTYPE html><title>Connected</title><p>You can close this window.</p>"u8.ToArray();
                    context.Response.ContentType = "text/html; charset=utf-8";
                    await context.Response.OutputStream.WriteAsync(body);
                    context.Response.Close();
                }
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                // the listener was closed
            }
        }
    }
}
