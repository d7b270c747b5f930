using System.Net;
using System.Text.Json;
using Platform.IntegrationTests.Support;

namespace Platform.IntegrationTests.Identity;

/// <summary>
/// <c>/api/me/tokens</c> as envelope-dialect.md §11 describes it: shapes and field order, 201/204/404,
/// newest first with revoked tokens, the /api rules (cookie only, X-Scrumboy on writes, strict JSON).
/// </summary>
public sealed class ApiTokenApiTests
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

    private async Task<TestClient> NewUserAsync()
    {
        var email = $"tokens-{Guid.NewGuid():N}@example.com";
        var (client, _) = await _app.CreateUserAsync(_owner, email);
        return client;
    }

    private static async Task<JsonElement> ItemsAsync(TestClient client)
    {
        var response = await client.GetAsync("/api/me/tokens");
        var json = await response.ReadJsonAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), json.ToString());
        Assert.That(response.Headers.CacheControl?.NoStore, Is.True);
        Assert.That(json.EnumerateObject().Select(p => p.Name), Is.EqualTo(new[] { "items" }));
        return json.GetProperty("items");
    }

    private static string[] Keys(JsonElement element) => element.EnumerateObject().Select(p => p.Name).ToArray();

    [Test]
    public async Task MeAPITokensCRUD()
    {
        using var user = await NewUserAsync();

        var created = await user.PostJsonAsync("/api/me/tokens", new { name = "cli" });
        var json = await created.ReadJsonAsync();
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), json.ToString());
        Assert.That(Keys(json), Is.EqualTo(new[] { "id", "name", "createdAt", "token" }));
        Assert.That(json.GetProperty("token").GetString(), Does.Match("^sb_[A-Za-z0-9_-]{43}$"));
        Assert.That(json.GetProperty("name").GetString(), Is.EqualTo("cli"));
        var id = json.GetProperty("id").GetInt64();

        var items = await ItemsAsync(user);
        Assert.That(items.GetArrayLength(), Is.EqualTo(1));
        Assert.That(Keys(items[0]), Is.EqualTo(new[] { "id", "name", "createdAt" }), "no lastUsedAt/revokedAt before use or revocation, never the token");
        Assert.That(items[0].GetProperty("id").GetInt64(), Is.EqualTo(id));
        Assert.That(items[0].GetProperty("createdAt").GetString(), Is.EqualTo(json.GetProperty("createdAt").GetString()));

        var deleted = await user.SendRawAsync(HttpMethod.Delete, $"/api/me/tokens/{id}", null);
        Assert.That(deleted.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(await deleted.Content.ReadAsStringAsync(), Is.Empty);

        items = await ItemsAsync(user);
        Assert.That(items.GetArrayLength(), Is.EqualTo(1));
        Assert.That(items[0].GetProperty("revokedAt").GetString(), Does.EndWith("Z"));
        Assert.That(Keys(items[0]), Is.EqualTo(new[] { "id", "name", "createdAt", "revokedAt" }));
    }

    [Test]
    public async Task Timestamps_are_rfc3339_utc_with_trimmed_milliseconds_and_a_nameless_token_has_no_name_key()
    {
        using var user = await NewUserAsync();

        var created = await user.PostJsonAsync("/api/me/tokens", new { });
        var json = await created.ReadJsonAsync();

        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), json.ToString());
        Assert.That(Keys(json), Is.EqualTo(new[] { "id", "createdAt", "token" }));
        Assert.That(json.GetProperty("createdAt").GetString(), Does.Match(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$"));
        Assert.That(json.GetProperty("createdAt").GetString(), Does.Not.Match(@"\.\d*0Z$"));
        Assert.That(Keys((await ItemsAsync(user))[0]), Is.EqualTo(new[] { "id", "createdAt" }));
        Assert.That((await user.PostJsonAsync("/api/me/tokens", new { name = (string?)null })).StatusCode, Is.EqualTo(HttpStatusCode.Created));
    }

    [Test]
    public async Task The_list_is_newest_first_and_only_the_callers()
    {
        using var user = await NewUserAsync();
        using var other = await NewUserAsync();
        var ids = new List<long>();
        foreach (var name in new[] { "one", "two", "three" })
        {
            ids.Add((await (await user.PostJsonAsync("/api/me/tokens", new { name })).ReadJsonAsync()).GetProperty("id").GetInt64());
        }

        await other.PostJsonAsync("/api/me/tokens", new { name = "other" });
        Assert.That((await user.SendRawAsync(HttpMethod.Delete, $"/api/me/tokens/{ids[1]}", null)).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));

        var items = await ItemsAsync(user);
        Assert.That(items.EnumerateArray().Select(i => i.GetProperty("id").GetInt64()), Is.EqualTo(new[] { ids[2], ids[1], ids[0] }));
        Assert.That(items.EnumerateArray().Select(i => i.TryGetProperty("revokedAt", out _)), Is.EqualTo(new[] { false, true, false }));
    }

    [Test]
    public async Task Deleting_an_unknown_an_already_revoked_or_someone_elses_token_is_404()
    {
        using var user = await NewUserAsync();
        using var other = await NewUserAsync();
        var id = (await (await user.PostJsonAsync("/api/me/tokens", new { name = "x" })).ReadJsonAsync()).GetProperty("id").GetInt64();
        var othersId = (await (await other.PostJsonAsync("/api/me/tokens", new { name = "y" })).ReadJsonAsync()).GetProperty("id").GetInt64();
        Assert.That((await user.SendRawAsync(HttpMethod.Delete, $"/api/me/tokens/{id}", null)).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));

        foreach (var path in new[] { $"/api/me/tokens/{id}", $"/api/me/tokens/{othersId}", "/api/me/tokens/999999999", "/api/me/tokens/abc" })
        {
            await (await user.SendRawAsync(HttpMethod.Delete, path, null)).AssertApiErrorAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        }

        Assert.That((await ItemsAsync(other))[0].TryGetProperty("revokedAt", out _), Is.False);
    }

    [Test]
    public async Task Without_a_session_every_route_is_401_and_writes_need_the_csrf_header_first()
    {
        using var anonymous = _app.NewClient();
        await (await anonymous.GetAsync("/api/me/tokens")).AssertApiErrorAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED", "unauthorized");
        await (await anonymous.PostJsonAsync("/api/me/tokens", new { name = "x" })).AssertApiErrorAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        await (await anonymous.SendRawAsync(HttpMethod.Delete, "/api/me/tokens/1", null)).AssertApiErrorAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED");

        using var user = await NewUserAsync();
        await (await user.PostJsonAsync("/api/me/tokens", new { name = "x" }, csrf: false))
            .AssertApiErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN", "missing X-Scrumboy header");
        await (await user.SendRawAsync(HttpMethod.Delete, "/api/me/tokens/1", null, csrf: false))
            .AssertApiErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN", "missing X-Scrumboy header");
        Assert.That((await ItemsAsync(user)).GetArrayLength(), Is.Zero);
    }

    [TestCase("{\"name\":\"x\",\"scope\":\"all\"}", "invalid json")]
    [TestCase("{\"name\":5}", "invalid json")]
    [TestCase("", "invalid json")]
    [TestCase("{\"name\":\"a\\u0000b\"}", null)]
    [TestCase("{\"name\":\"line\\nbreak\"}", null)]
    public async Task Bad_bodies_are_400_validation_errors(string body, string? message)
    {
        using var user = await NewUserAsync();

        var error = await (await user.SendRawAsync(HttpMethod.Post, "/api/me/tokens", body)).AssertApiErrorAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", message);

        Assert.That(error.GetProperty("message").GetString(), Is.Not.Empty);
        Assert.That((await ItemsAsync(user)).GetArrayLength(), Is.Zero);
    }

    [Test]
    public async Task A_name_over_100_characters_is_refused_and_the_51st_active_token_is_a_conflict()
    {
        using var user = await NewUserAsync();
        await (await user.PostJsonAsync("/api/me/tokens", new { name = new string('n', 101) }))
            .AssertApiErrorAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "validation: name too long");

        for (var i = 0; i < 50; i++)
        {
            Assert.That((await user.PostJsonAsync("/api/me/tokens", new { name = new string('n', 100) })).StatusCode, Is.EqualTo(HttpStatusCode.Created));
        }

        var error = await (await user.PostJsonAsync("/api/me/tokens", new { name = "51" })).AssertApiErrorAsync(HttpStatusCode.Conflict, "CONFLICT");
        Assert.That(error.GetProperty("details").GetProperty("reason").GetString(), Is.EqualTo("token_limit"));
    }

    [Test]
    public async Task Other_methods_are_405()
    {
        await (await _owner.SendRawAsync(HttpMethod.Put, "/api/me/tokens", "{}")).AssertApiErrorAsync(HttpStatusCode.MethodNotAllowed, "METHOD_NOT_ALLOWED");
        await (await _owner.SendRawAsync(HttpMethod.Get, "/api/me/tokens/1", null)).AssertApiErrorAsync(HttpStatusCode.MethodNotAllowed, "METHOD_NOT_ALLOWED");
    }
}
