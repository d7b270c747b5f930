using System.Net;
using System.Text;
using System.Text.Json;
using Platform.IntegrationTests.Boards.Support;
using Platform.IntegrationTests.Support;

namespace Platform.IntegrationTests.Boards;

/// <summary>
/// Security review finding 7 (decision 0500, a deviation from envelope §1): a cookie-authenticated
/// POST /mcp from another origin is refused with a 403 FORBIDDEN envelope, whatever its content type,
/// before anything runs. The browser's own headers tell: <c>Sec-Fetch-Site</c> and <c>Origin</c>.
/// Agents (no cookie, or a bearer token) are unaffected.
/// </summary>
public sealed class CrossOriginTests : BoardsFixture
{
    private Task<HttpResponseMessage> PostAsync(TestClient client, string body, params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/mcp") { Content = new StringContent(body, Encoding.UTF8, "text/plain") };
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return client.Http.SendAsync(request);
    }

    private static string Create(string slug, string title) =>
        JsonSerializer.Serialize(new { tool = "todos.create", input = new { projectSlug = slug, title } });

    private string OwnOrigin => App.BaseAddress.GetLeftPart(UriPartial.Authority);

    [TestCase("Origin", "http://127.0.0.1:1")]
    [TestCase("Origin", "null")]
    [TestCase("Sec-Fetch-Site", "same-site")]
    [TestCase("Sec-Fetch-Site", "cross-site")]
    public async Task A_cookie_authenticated_write_from_another_origin_is_refused_and_runs_nothing(string header, string value)
    {
        var slug = await NewProjectAsync();
        var title = Unique("csrf");

        var response = await PostAsync(Owner, Create(slug, title), (header, value));

        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), text);
        var json = JsonDocument.Parse(text).RootElement;
        Assert.That(json.GetProperty("ok").GetBoolean(), Is.False);
        Assert.That(json.GetProperty("error").GetProperty("code").GetString(), Is.EqualTo("FORBIDDEN"));
        Assert.That(json.GetProperty("error").GetProperty("details").EnumerateObject(), Is.Empty);
        var search = (await CallAsync(Owner, "todos.search", new { projectSlug = slug, query = title })).AssertOk();
        Assert.That(search.GetProperty("items").GetArrayLength(), Is.Zero);
    }

    [Test]
    public async Task The_servers_own_pages_typed_requests_and_agents_without_those_headers_still_write()
    {
        var slug = await NewProjectAsync();

        foreach (var headers in new[]
                 {
                     new[] { ("Origin", OwnOrigin), ("Sec-Fetch-Site", "same-origin") },
                     new[] { ("Sec-Fetch-Site", "none") },
                     Array.Empty<(string, string)>(),
                 })
        {
            var response = await PostAsync(Owner, Create(slug, Unique("ok")), headers);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        }
    }

    [Test]
    public async Task Requests_without_the_session_cookie_are_not_this_rules_business()
    {
        using var anonymous = App.NewClient();

        var response = await PostAsync(anonymous, Create("any", "x"), ("Origin", "http://127.0.0.1:1"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), await response.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task Reads_of_the_capabilities_are_unaffected()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/mcp");
        request.Headers.TryAddWithoutValidation("Sec-Fetch-Site", "cross-site");

        var response = await Owner.Http.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }
}
