using System.Net;
using System.Net.Sockets;
using Platform.IntegrationTests.Support;

namespace Platform.IntegrationTests.Admin;

/// <summary>
/// Security review finding 1: the /api rules (X-Scrumboy CSRF header, JSON bodies) hold for every
/// spelling of the path that routes to an /api endpoint, since routing ignores letter case and
/// decodes percent-escapes. Before the fix, <c>POST /API/admin/users/{id}/disable</c> with an owner's
/// cookie and no header disabled the user.
/// </summary>
public sealed class ApiPathSpellingTests
{
    private PlatformApp _app = null!;
    private TestClient _owner = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _app = new PlatformApp();
        _owner = await _app.BootstrapAsync();
    }

    [OneTimeTearDown]
    public void Stop()
    {
        _owner.Dispose();
        _app.Dispose();
    }

    private async Task<int> NewUserAsync()
    {
        var (client, id) = await _app.CreateUserAsync(_owner, $"spelling{Guid.NewGuid():N}@example.com");
        client.Dispose();
        return id;
    }

    private async Task<bool> IsDisabledAsync(int userId) =>
        (await (await _owner.GetAsync($"/api/admin/users/{userId}")).ReadJsonAsync()).GetProperty("disabled").GetBoolean();

    [TestCase("/API/admin/users/{0}/disable", "application/x-www-form-urlencoded")]
    [TestCase("/aPi/admin/users/{0}/disable", "text/plain")]
    [TestCase("/Api/Admin/Users/{0}/Disable", "application/json")]
    public async Task A_write_without_the_csrf_header_is_refused_in_every_letter_case(string template, string contentType)
    {
        var userId = await NewUserAsync();

        var response = await _owner.SendRawAsync(HttpMethod.Post, string.Format(System.Globalization.CultureInfo.InvariantCulture, template, userId), "x=1", csrf: false, contentType: contentType);

        await response.AssertApiErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN", "missing X-Scrumboy header");
        Assert.That(await IsDisabledAsync(userId), Is.False);
    }

    [Test]
    public async Task A_percent_encoded_spelling_is_refused_too()
    {
        // HttpClient would normalise %41 to A; a raw request keeps the spelling on the wire.
        var userId = await NewUserAsync();
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(_app.BaseAddress.Host, _app.BaseAddress.Port);

        var (status, head) = await RawHttp.SendAsync(tcp.GetStream(), "POST", $"/%41PI/admin/users/{userId}/disable", 0,
            ["Content-Type: text/plain", "Cookie: scrumboy_session=" + _owner.SessionCookie]);

        Assert.That(status, Is.EqualTo(403), head);
        Assert.That(await IsDisabledAsync(userId), Is.False);
    }

    [Test]
    public async Task The_signing_key_rotation_and_enable_need_the_header_in_any_case_too()
    {
        await (await _owner.SendRawAsync(HttpMethod.Post, "/API/admin/signing-keys/rotate", null, csrf: false))
            .AssertApiErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN", "missing X-Scrumboy header");
        await (await _owner.SendRawAsync(HttpMethod.Post, "/api/ADMIN/users/1/enable", null, csrf: false))
            .AssertApiErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN", "missing X-Scrumboy header");
    }

    [Test]
    public async Task Unsafe_requests_with_a_body_must_send_json()
    {
        var response = await _owner.SendRawAsync(HttpMethod.Post, "/api/projects", """{"name":"Plain"}""", contentType: "text/plain");

        await response.AssertApiErrorAsync(HttpStatusCode.UnsupportedMediaType, "UNSUPPORTED_MEDIA_TYPE", "the body must be application/json");
        Assert.That((await _owner.PostJsonAsync("/api/projects", new { name = "Json" })).StatusCode, Is.EqualTo(HttpStatusCode.Created));
    }

    [Test]
    public async Task Bodiless_writes_with_the_header_still_work_and_the_form_logout_keeps_its_exception()
    {
        var userId = await NewUserAsync();

        var disable = await _owner.SendRawAsync(HttpMethod.Post, $"/API/admin/users/{userId}/disable", null);

        Assert.That(disable.StatusCode, Is.EqualTo(HttpStatusCode.OK), await disable.Content.ReadAsStringAsync());
        Assert.That(await IsDisabledAsync(userId), Is.True);
        using var other = _app.NewClient();
        var logout = await other.SendRawAsync(HttpMethod.Post, "/API/auth/logout", "", csrf: false, contentType: "application/x-www-form-urlencoded");
        Assert.That((int)logout.StatusCode, Is.LessThan(400));
    }
}
