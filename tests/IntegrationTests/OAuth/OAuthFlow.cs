using System.Buffers.Text;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.WebUtilities;
using Platform.IntegrationTests.Support;

namespace Platform.IntegrationTests.OAuth;

/// <summary>A PKCE pair.</summary>
public sealed record Pkce(string Verifier, string Challenge)
{
    public static Pkce New()
    {
        var verifier = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        return new Pkce(verifier, Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))));
    }
}

/// <summary>A registered client as the registration response described it.</summary>
public sealed record RegisteredClient(string ClientId, string? ClientSecret, string AuthMethod, JsonElement Json);

/// <summary>
/// Drives the authorization server over real HTTP like a browser and an OAuth client would:
/// registration, the authorize request, the login and consent forms, token and revocation calls.
/// Each flow gets its own client IP (X-Forwarded-For from loopback is trusted), so the shared
/// login rate limit never couples tests.
/// </summary>
public sealed partial class OAuthFlow(PlatformApp app)
{
    private static int _ip;

    public PlatformApp App { get; } = app;

    public string Issuer => App.BaseAddress.GetLeftPart(UriPartial.Authority) + "/auth";

    public static string NewIp() => $"10.{Interlocked.Increment(ref _ip) / 250 % 250}.{_ip % 250}.{Environment.ProcessId % 250}";

    /// <summary>A browser with its own cookie jar and client IP; it never follows redirects by itself.</summary>
    public TestClient NewBrowser(string? ip = null)
    {
        var browser = App.NewClient();
        browser.Http.DefaultRequestHeaders.Add("X-Forwarded-For", ip ?? NewIp());
        return browser;
    }

    public async Task<HttpResponseMessage> RegisterRawAsync(object metadata)
    {
        using var http = App.NewClient();
        return await http.SendRawAsync(HttpMethod.Post, "/auth/register", JsonSerializer.Serialize(metadata), csrf: false);
    }

    public async Task<RegisteredClient> RegisterAsync(object metadata)
    {
        var response = await RegisterRawAsync(metadata);
        var json = await response.ReadJsonAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), json.ToString());
        return new RegisteredClient(
            json.GetProperty("client_id").GetString()!,
            json.TryGetProperty("client_secret", out var secret) ? secret.GetString() : null,
            json.GetProperty("token_endpoint_auth_method").GetString()!,
            json);
    }

    public Task<RegisteredClient> RegisterPublicAsync(string redirectUri = "http://127.0.0.1:8765/callback", string? scope = null, string name = "Test Client") =>
        RegisterAsync(scope is null
            ? new { client_name = name, redirect_uris = new[] { redirectUri }, token_endpoint_auth_method = "none", grant_types = new[] { "authorization_code", "refresh_token" } }
            : new { client_name = name, redirect_uris = new[] { redirectUri }, token_endpoint_auth_method = "none", grant_types = new[] { "authorization_code", "refresh_token" }, scope });

    /// <summary>A new organization (admin API) with <paramref name="userId"/> as a member of <paramref name="role"/>; returns its id.</summary>
    public static async Task<int> CreateOrganizationWithMemberAsync(TestClient admin, int userId, string role, string namePrefix)
    {
        var organization = await admin.PostJsonAsync("/api/admin/organizations", new { name = namePrefix + " " + Guid.NewGuid().ToString("N")[..8] });
        Assert.That(organization.StatusCode, Is.EqualTo(HttpStatusCode.Created), await organization.Content.ReadAsStringAsync());
        var organizationId = (await organization.ReadJsonAsync()).GetProperty("id").GetInt32();
        var member = await admin.PostJsonAsync($"/api/admin/organizations/{organizationId}/members", new { userId, role });
        Assert.That(member.StatusCode, Is.EqualTo(HttpStatusCode.Created), await member.Content.ReadAsStringAsync());
        return organizationId;
    }

    /// <summary>A user (created through the admin API) who has not signed in anywhere yet.</summary>
    public async Task<(string Email, string Password, int Id)> CreateUserAsync(TestClient admin, string? email = null)
    {
        email ??= $"user-{Guid.NewGuid():N}@example.com";
        const string password = "password123";
        var response = await admin.PostJsonAsync("/api/admin/users", new { email, password, name = "Oauth User" });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        return (email, password, (await response.ReadJsonAsync()).GetProperty("id").GetInt32());
    }

    public static string AuthorizePath(
        RegisteredClient client, Pkce pkce, string redirectUri, string? scope = null, string state = "xyz", string? resource = null, string method = "S256")
    {
        var query = new Dictionary<string, string?>
        {
            ["response_type"] = "code",
            ["client_id"] = client.ClientId,
            ["redirect_uri"] = redirectUri,
            ["state"] = state,
            ["code_challenge"] = pkce.Challenge,
            ["code_challenge_method"] = method,
        };
        if (scope is not null)
        {
            query["scope"] = scope;
        }

        if (resource is not null)
        {
            query["resource"] = resource;
        }

        return QueryHelpers.AddQueryString("/auth/authorize", query);
    }

    /// <summary>GET a page and return its status, HTML and hidden form fields.</summary>
    public static async Task<Page> GetPageAsync(TestClient browser, string path)
    {
        var response = await browser.GetAsync(path);
        return await Page.ReadAsync(response);
    }

    /// <summary>Submits the page's form with <paramref name="fields"/> added to its hidden fields.</summary>
    public static Task<HttpResponseMessage> SubmitAsync(TestClient browser, Page page, params (string Name, string Value)[] fields)
    {
        var values = page.Hidden.Select(kv => kv).ToList();
        values.AddRange(fields.Select(f => KeyValuePair.Create(f.Name, f.Value)));
        return browser.Http.PostAsync(page.FormAction!, new FormUrlEncodedContent(values));
    }

    /// <summary>
    /// Login (if asked) and consent through the HTML forms; returns the final redirect to the client.
    /// </summary>
    public async Task<Uri> AuthorizeAsync(TestClient browser, string authorizePath, (string Email, string Password)? login = null, string decision = "allow")
    {
        var page = await GetPageAsync(browser, authorizePath);
        if (page.Status == HttpStatusCode.Found)
        {
            return page.Location!;
        }

        if (page.Html.Contains("name=\"password\"", StringComparison.Ordinal))
        {
            Assert.That(login, Is.Not.Null, "the login page appeared, but no credentials were given");
            var signedIn = await SubmitAsync(browser, page, ("email", login!.Value.Email), ("password", login.Value.Password));
            Assert.That(signedIn.StatusCode, Is.EqualTo(HttpStatusCode.SeeOther), await signedIn.Content.ReadAsStringAsync());
            page = await GetPageAsync(browser, signedIn.Headers.Location!.OriginalString);
            if (page.Status == HttpStatusCode.Found)
            {
                return page.Location!;
            }
        }

        Assert.That(page.Html, Does.Contain("value=\"allow\""), page.Html);
        var decided = await SubmitAsync(browser, page, ("decision", decision));
        Assert.That(decided.StatusCode, Is.EqualTo(HttpStatusCode.Found), await decided.Content.ReadAsStringAsync());
        return decided.Headers.Location!;
    }

    public static Dictionary<string, string> QueryOf(Uri redirect) =>
        QueryHelpers.ParseQuery(redirect.Query).ToDictionary(kv => kv.Key, kv => kv.Value.ToString());

    /// <summary>Signs in with the login form and allows: the authorization code for a fresh user.</summary>
    public async Task<(string Code, int UserId)> CodeForNewUserAsync(TestClient admin, RegisteredClient client, Pkce pkce, string redirectUri, string? scope = null)
    {
        var user = await CreateUserAsync(admin);
        using var browser = NewBrowser();
        var redirect = await AuthorizeAsync(browser, AuthorizePath(client, pkce, redirectUri, scope), (user.Email, user.Password));
        var query = QueryOf(redirect);
        Assert.That(query, Does.ContainKey("code"), redirect.ToString());
        return (query["code"], user.Id);
    }

    public async Task<HttpResponseMessage> PostFormAsync(string path, IEnumerable<KeyValuePair<string, string>> form, AuthenticationHeaderValue? authorization = null)
    {
        using var http = App.NewClient();
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Authorization = authorization;
        return await http.Http.SendAsync(request);
    }

    public static AuthenticationHeaderValue Basic(string id, string secret) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(Uri.EscapeDataString(id) + ":" + Uri.EscapeDataString(secret))));

    public Task<HttpResponseMessage> ExchangeCodeAsync(RegisteredClient client, string code, Pkce pkce, string redirectUri, params (string, string)[] extra)
    {
        var form = new List<KeyValuePair<string, string>>
        {
            new("grant_type", "authorization_code"), new("code", code), new("redirect_uri", redirectUri), new("code_verifier", pkce.Verifier),
        };
        return PostTokenAsync(client, form, extra);
    }

    public Task<HttpResponseMessage> RefreshAsync(RegisteredClient client, string refreshToken, params (string, string)[] extra) =>
        PostTokenAsync(client, [new("grant_type", "refresh_token"), new("refresh_token", refreshToken)], extra);

    public Task<HttpResponseMessage> RevokeAsync(RegisteredClient client, string token) =>
        PostClientFormAsync("/auth/revoke", client, [new("token", token)], []);

    private Task<HttpResponseMessage> PostTokenAsync(RegisteredClient client, List<KeyValuePair<string, string>> form, (string, string)[] extra) =>
        PostClientFormAsync("/auth/token", client, form, extra);

    private Task<HttpResponseMessage> PostClientFormAsync(string path, RegisteredClient client, List<KeyValuePair<string, string>> form, (string Name, string Value)[] extra)
    {
        AuthenticationHeaderValue? authorization = null;
        switch (client.AuthMethod)
        {
            case "client_secret_basic":
                authorization = Basic(client.ClientId, client.ClientSecret!);
                break;
            case "client_secret_post":
                form.Add(new("client_id", client.ClientId));
                form.Add(new("client_secret", client.ClientSecret!));
                break;
            default:
                form.Add(new("client_id", client.ClientId));
                break;
        }

        form.AddRange(extra.Select(e => KeyValuePair.Create(e.Name, e.Value)));
        return PostFormAsync(path, form, authorization);
    }

    /// <summary>An HTML page: status, text, form action and hidden fields (decoded).</summary>
    public sealed partial record Page(HttpStatusCode Status, string Html, Uri? Location, string? FormAction, IReadOnlyDictionary<string, string> Hidden, HttpResponseMessage Response)
    {
        public static async Task<Page> ReadAsync(HttpResponseMessage response)
        {
            var html = await response.Content.ReadAsStringAsync();
            var hidden = HiddenInput().Matches(html).ToDictionary(m => WebUtility.HtmlDecode(m.Groups[1].Value), m => WebUtility.HtmlDecode(m.Groups[2].Value));
            var action = FormActionPattern().Match(html) is { Success: true } a ? WebUtility.HtmlDecode(a.Groups[1].Value) : null;
            return new Page(response.StatusCode, html, response.Headers.Location, action, hidden, response);
        }

        [GeneratedRegex("<input type=\"hidden\" name=\"([^\"]*)\" value=\"([^\"]*)\">")]
        private static partial Regex HiddenInput();

        [GeneratedRegex("<form method=\"post\" action=\"([^\"]*)\">")]
        private static partial Regex FormActionPattern();
    }
}
