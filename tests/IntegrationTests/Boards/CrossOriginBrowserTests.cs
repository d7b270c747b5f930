using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Playwright;
using Platform.IntegrationTests.Boards.Support;
using Platform.IntegrationTests.Support;

namespace Platform.IntegrationTests.Boards;

/// <summary>
/// Security review finding 7 in a real browser (headless Chromium): a page on another port of the
/// same host is the same site, so the Lax session cookie goes along with its <c>text/plain</c>
/// no-cors POST to /mcp. That call must change nothing; the server's own page still can.
/// </summary>
public sealed class CrossOriginBrowserTests : BoardsFixture
{
    private const string ChromiumPath = "/usr/bin/chromium";

    private static string Script(Uri target, string slug, string title) =>
        $$"""
        fetch('{{target}}', { method: 'POST', mode: 'no-cors', credentials: 'include', headers: { 'Content-Type': 'text/plain' },
          body: JSON.stringify({ tool: 'todos.create', input: { projectSlug: '{{slug}}', title: '{{title}}' } }) })
          .then(() => 'sent', () => 'failed')
        """;

    [Test]
    public async Task A_page_on_another_port_cannot_call_tools_with_the_users_cookie()
    {
        Assert.That(File.Exists(ChromiumPath), Is.True, $"{ChromiumPath} is missing: run build/setup.sh --browser");
        var slug = await NewProjectAsync();
        var attack = Unique("csrf").Replace(' ', '-');
        var own = Unique("own").Replace(' ', '-');
        using var attacker = new AttackerSite();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
        });
        await using var context = await browser.NewContextAsync();
        await context.AddCookiesAsync([new Microsoft.Playwright.Cookie { Name = "scrumboy_session", Value = Owner.SessionCookie!, Domain = App.BaseAddress.Host, Path = "/" }]);
        var page = await context.NewPageAsync();

        await page.GotoAsync(attacker.Url);
        var sent = await page.EvaluateAsync<string>(Script(new Uri(App.BaseAddress, "/mcp"), slug, attack));
        await page.GotoAsync(new Uri(App.BaseAddress, "/mcp").ToString());
        var ownPage = await page.EvaluateAsync<string>(Script(new Uri(App.BaseAddress, "/mcp"), slug, own));

        Assert.That((sent, ownPage), Is.EqualTo(("sent", "sent")));
        Assert.That(await CountAsync(slug, attack), Is.Zero, "the other port's page created nothing");
        Assert.That(await CountAsync(slug, own), Is.EqualTo(1), "the server's own page still works with the cookie");
    }

    [Test]
    public async Task A_form_on_another_port_cannot_reach_the_admin_api_by_spelling_api_in_capitals()
    {
        // Security review finding 1 as the review ran it: an auto-submitted form from another origin of
        // the same host, posting to /API/admin/users/{id}/disable with an owner's Lax cookie.
        Assert.That(File.Exists(ChromiumPath), Is.True, $"{ChromiumPath} is missing: run build/setup.sh --browser");
        var (victim, userId) = await NewUserAsync();
        victim.Dispose();
        using var attacker = new AttackerSite();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
        });
        await using var context = await browser.NewContextAsync();
        await context.AddCookiesAsync([new Microsoft.Playwright.Cookie { Name = "scrumboy_session", Value = Owner.SessionCookie!, Domain = App.BaseAddress.Host, Path = "/" }]);
        var page = await context.NewPageAsync();
        await page.GotoAsync(attacker.Url);

        var target = new Uri(App.BaseAddress, $"/API/admin/users/{userId}/disable");
        var responded = page.WaitForResponseAsync(r => r.Url.Contains("/disable", StringComparison.Ordinal));
        await page.EvaluateAsync(
            $$"""
            () => { const f = document.createElement('form'); f.method = 'POST'; f.action = '{{target}}'; f.enctype = 'text/plain';
                    const i = document.createElement('input'); i.name = 'x'; i.value = '1'; f.appendChild(i); document.body.appendChild(f); f.submit(); }
            """);
        var response = await responded;

        Assert.That(response.Status, Is.EqualTo(403));
        var user = await (await Owner.GetAsync($"/api/admin/users/{userId}")).ReadJsonAsync();
        Assert.That(user.GetProperty("disabled").GetBoolean(), Is.False);
    }

    private async Task<int> CountAsync(string slug, string title) =>
        (await CallAsync(Owner, "todos.search", new { projectSlug = slug, query = title })).AssertOk().GetProperty("items").GetArrayLength();

    /// <summary>Another origin on the same host: an empty page served from another loopback port.</summary>
    private sealed class AttackerSite : IDisposable
    {
        private readonly HttpListener _listener = new();

        public AttackerSite()
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            Url = $"http://127.0.0.1:{port}/";
            _listener.Prefixes.Add(Url);
            _listener.Start();
            _ = ServeAsync();
        }

        public string Url { get; }

        public void Dispose() => _listener.Close();

        private async Task ServeAsync()
        {
            try
            {
                while (_listener.IsListening)
                {
                    var context = await _listener.GetContextAsync();
                    var body = Encoding.UTF8.GetBytes("<!DOCTYPE html><title>elsewhere</title><p>another origin</p>");
                    context.Response.ContentType = "text/html; charset=utf-8";
                    await context.Response.OutputStream.WriteAsync(body);
                    context.Response.Close();
                }
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                // closed
            }
        }
    }
}
