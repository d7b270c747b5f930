using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Platform.IntegrationTests.Support;
using static Microsoft.Playwright.Assertions;

namespace Platform.IntegrationTests.Admin;

/// <summary>
/// Swagger UI in headless Chromium: an admin signs in (POST /api/auth/login from the page), opens
/// GET /api/admin/users, "Try it out" → "Execute", and sees the answer; then runs a write (the UI's
/// request interceptor must add X-Scrumboy: 1). A screenshot goes to artifacts/screenshots/.
/// </summary>
public sealed class SwaggerUiBrowserTests
{
    private const string ChromiumPath = "/usr/bin/chromium";

    private static readonly string[] ChromiumArgs =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    [Test]
    public async Task An_admin_signs_in_and_runs_admin_calls_from_swagger_ui()
    {
        Assert.That(File.Exists(ChromiumPath), Is.True, "Chromium is missing: run build/setup.sh --browser (Debian package chromium)");
        var server = AdminServer.Current;
        var target = await AdminTest.CreateUserAsync(server.Owner, AdminTest.UniqueEmail("swagger-target"));

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ChromiumArgs,
        });
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = server.App.BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 1400, Height = 1800 },
        });
        var page = await context.NewPageAsync();

        await page.GotoAsync("/swagger");
        await Expect(page.Locator(".swagger-ui .info .title")).ToContainTextAsync("Platform API");

        var loginStatus = await page.EvaluateAsync<int>(
            """
            async ({ email, password, ip }) => {
              const response = await fetch('/api/auth/login', {
                method: 'POST',
                headers: { 'Content-Type': 'application/json', 'X-Scrumboy': '1', 'X-Forwarded-For': ip },
                body: JSON.stringify({ email, password }),
              });
              return response.status;
            }
            """,
            new { email = server.AdminEmail, password = AdminTest.Password, ip = AdminTest.UniqueClientIp() });
        Assert.That(loginStatus, Is.EqualTo(200));

        // GET /api/admin/users: Try it out → Execute.
        var listUsers = Operation(page, "listUsers");
        await listUsers.Locator(".opblock-summary").ClickAsync();
        await listUsers.Locator("button.try-out__btn").ClickAsync();
        await listUsers.Locator("button.execute").ClickAsync();
        var listResponse = listUsers.Locator(".live-responses-table");
        await Expect(listResponse.Locator("tr.response .response-col_status")).ToHaveTextAsync(new Regex("^\\s*200"));
        await Expect(listResponse).ToContainTextAsync(server.AdminEmail);
        await Expect(listResponse).ToContainTextAsync("\"total\"");

        await SaveScreenshotAsync(listUsers, "swagger-admin-users.png", "Swagger UI: GET /api/admin/users executed by a signed-in admin");

        // A write from the UI: POST /api/admin/users/{userId}/disable (needs the X-Scrumboy header).
        var disable = Operation(page, "disableUser");
        await disable.Locator(".opblock-summary").ClickAsync();
        await disable.Locator("button.try-out__btn").ClickAsync();
        await disable.Locator("tr[data-param-name='userId'] input").FillAsync(target.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await disable.Locator("button.execute").ClickAsync();
        var disableResponse = disable.Locator(".live-responses-table");
        await Expect(disableResponse.Locator("tr.response .response-col_status")).ToHaveTextAsync(new Regex("^\\s*200"));
        await Expect(disableResponse).ToContainTextAsync("\"disabled\": true");

        var stored = await (await server.Owner.GetAsync($"/api/admin/users/{target}")).ReadJsonAsync();
        Assert.That(stored.GetProperty("disabled").GetBoolean(), Is.True);
    }

    private static ILocator Operation(IPage page, string operationId) =>
        page.Locator(".opblock").Filter(new LocatorFilterOptions
        {
            Has = page.Locator(".opblock-summary-operation-id", new PageLocatorOptions { HasTextRegex = new Regex($"^{operationId}$") }),
        });

    private static async Task SaveScreenshotAsync(ILocator element, string fileName, string description)
    {
        var directory = Path.Combine(RepositoryRoot(), "artifacts", "screenshots");
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, fileName);
        await element.ScreenshotAsync(new LocatorScreenshotOptions { Path = path });
        TestContext.AddTestAttachment(path, description);
    }

    /// <summary>The checkout's root: the first folder above the test binaries that holds Platform.sln.</summary>
    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Platform.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Platform.sln not found above " + TestContext.CurrentContext.TestDirectory);
    }
}
