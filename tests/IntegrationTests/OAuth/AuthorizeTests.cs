using System.Net;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Platform.IntegrationTests.Support;

namespace Platform.IntegrationTests.OAuth;

/// <summary>GET /auth/authorize, the login page and the consent page, over real HTTP with cookies.</summary>
public sealed class AuthorizeTests
{
    private const string Redirect = "http://127.0.0.1:8765/callback";
    private PlatformApp _app = null!;
    private OAuthFlow _flow = null!;
    private TestClient _owner = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _app = new PlatformApp();
        _flow = new OAuthFlow(_app);
        _owner = await _app.BootstrapAsync();
    }

    [OneTimeTearDown]
    public void Stop()
    {
        _owner.Dispose();
        _app.Dispose();
    }

    [Test]
    public async Task Unknown_client_gets_an_error_page_and_no_redirect()
    {
        var client = await _flow.RegisterPublicAsync(Redirect);
        using var browser = _flow.NewBrowser();
        var path = OAuthFlow.AuthorizePath(client with { ClientId = "nope" }, Pkce.New(), Redirect);
        var page = await OAuthFlow.GetPageAsync(browser, path);
        AssertErrorPage(page, "unknown client_id");
    }

    [TestCase("http://127.0.0.1:8765/other")]
    [TestCase("http://localhost:8765/callback")]
    [TestCase("https://evil.example.com/callback")]
    [TestCase("http://127.0.0.1:8765/callback?x=1")]
    [TestCase("http://127.0.0.1:8765/Callback")]
    public async Task Unregistered_redirect_uri_gets_an_error_page_and_no_redirect(string redirect)
    {
        var client = await _flow.RegisterPublicAsync(Redirect);
        using var browser = _flow.NewBrowser();
        var page = await OAuthFlow.GetPageAsync(browser, OAuthFlow.AuthorizePath(client, Pkce.New(), redirect));
        AssertErrorPage(page, "redirect_uri is not registered");
    }

    [Test]
    public async Task Missing_redirect_uri_or_client_id_gets_an_error_page()
    {
        var client = await _flow.RegisterPublicAsync(Redirect);
        using var browser = _flow.NewBrowser();
        AssertErrorPage(await OAuthFlow.GetPageAsync(browser, "/auth/authorize?response_type=code&client_id=" + client.ClientId), "no redirect_uri");
        AssertErrorPage(await OAuthFlow.GetPageAsync(browser, "/auth/authorize?response_type=code"), "no client_id");
        AssertErrorPage(
            await OAuthFlow.GetPageAsync(browser, $"/auth/authorize?client_id={client.ClientId}&client_id=other&redirect_uri={Uri.EscapeDataString(Redirect)}"),
            "more than once");
    }

    [Test]
    public async Task Missing_pkce_redirects_with_invalid_request_state_and_iss()
    {
        var client = await _flow.RegisterPublicAsync(Redirect);
        using var browser = _flow.NewBrowser();
        var path = QueryHelpers.AddQueryString("/auth/authorize", new Dictionary<string, string?>
        {
            ["response_type"] = "code", ["client_id"] = client.ClientId, ["redirect_uri"] = Redirect, ["state"] = "s1",
        });
        var query = await ErrorRedirectAsync(browser, client, path, "invalid_request");
        Assert.That(query["state"], Is.EqualTo("s1"));
        Assert.That(query["iss"], Is.EqualTo("http://localhost:3001/auth"));
    }

    [Test]
    public async Task Plain_pkce_is_rejected()
    {
        var client = await _flow.RegisterPublicAsync(Redirect);
        using var browser = _flow.NewBrowser();
        var pkce = Pkce.New();
        await ErrorRedirectAsync(browser, client, OAuthFlow.AuthorizePath(client, pkce with { Challenge = pkce.Verifier }, Redirect, method: "plain"), "invalid_request");
    }

    [Test]
    public async Task Challenge_without_method_is_rejected()
    {
        var client = await _flow.RegisterPublicAsync(Redirect);
        using var browser = _flow.NewBrowser();
        var path = OAuthFlow.AuthorizePath(client, Pkce.New(), Redirect).Replace("&code_challenge_method=S256", "", StringComparison.Ordinal);
        await ErrorRedirectAsync(browser, client, path, "invalid_request");
    }

    [TestCase("http://localhost:3001/api/other")]
    [TestCase("http://localhost:3002/api/mcp")]
    [TestCase("https://localhost:3001/api/mcp")]
    [TestCase("not-a-url")]
    public async Task Foreign_resource_redirects_with_invalid_target(string resource)
    {
        var client = await _flow.RegisterPublicAsync(Redirect);
        using var browser = _flow.NewBrowser();
        await ErrorRedirectAsync(browser, client, OAuthFlow.AuthorizePath(client, Pkce.New(), Redirect, resource: resource), "invalid_target");
    }

    [TestCase("http://localhost:3001/api/mcp")]
    [TestCase("http://LOCALHOST:3001/api/mcp/")]
    [TestCase("HTTP://localhost:3001/api/mcp")]
    public async Task Resource_is_compared_after_normalisation(string resource)
    {
        var client = await _flow.RegisterPublicAsync(Redirect);
        using var browser = _flow.NewBrowser();
        var page = await OAuthFlow.GetPageAsync(browser, OAuthFlow.AuthorizePath(client, Pkce.New(), Redirect, resource: resource));
        Assert.That(page.Status, Is.EqualTo(HttpStatusCode.OK), page.Html);
        Assert.That(page.Html, Does.Contain("name=\"password\""));
    }

    [Test]
    public async Task Unknown_scope_redirects_with_invalid_scope()
    {
        var client = await _flow.RegisterPublicAsync(Redirect);
        using var browser = _flow.NewBrowser();
        await ErrorRedirectAsync(browser, client, OAuthFlow.AuthorizePath(client, Pkce.New(), Redirect, scope: "tasks:read admin:all"), "invalid_scope");
    }

    [Test]
    public async Task Other_response_types_redirect_with_unsupported_response_type()
    {
        var client = await _flow.RegisterPublicAsync(Redirect);
        using var browser = _flow.NewBrowser();
        var path = OAuthFlow.AuthorizePath(client, Pkce.New(), Redirect).Replace("response_type=code", "response_type=token", StringComparison.Ordinal);
        await ErrorRedirectAsync(browser, client, path, "unsupported_response_type");
    }

    [Test]
    public async Task Not_signed_in_shows_a_login_page_with_email_and_password_and_encoded_client_name()
    {
        var client = await _flow.RegisterPublicAsync(Redirect, name: "<script>alert('x')</script> & Co");
        using var browser = _flow.NewBrowser();
        var page = await OAuthFlow.GetPageAsync(browser, OAuthFlow.AuthorizePath(client, Pkce.New(), Redirect, state: "a\"b<c>&d"));
        Assert.Multiple(() =>
        {
            Assert.That(page.Status, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(page.Html, Does.Contain("<input id=\"email\" name=\"email\" type=\"email\""));
            Assert.That(page.Html, Does.Contain("<input id=\"password\" name=\"password\" type=\"password\""));
            Assert.That(page.Html, Does.Contain("<meta name=\"viewport\""));
            Assert.That(page.Html, Does.Contain("<label for=\"email\">"));
            Assert.That(page.Html, Does.Not.Contain("<script>"));
            Assert.That(page.Html, Does.Contain("&lt;script&gt;"));
            Assert.That(page.Hidden["state"], Is.EqualTo("a\"b<c>&d"), "the request survives in hidden fields, encoded");
            Assert.That(page.Hidden, Does.ContainKey("csrf_token"));
            Assert.That(page.FormAction, Is.EqualTo("/auth/login"));
            Assert.That(page.Response.Headers.GetValues("X-Frame-Options").Single(), Is.EqualTo("DENY"));
            Assert.That(page.Response.Headers.CacheControl!.NoStore, Is.True);
        });
    }

    [Test]
    public async Task Login_then_consent_then_allow_redirects_with_code_state_and_iss()
    {
        var client = await _flow.RegisterPublicAsync(Redirect, name: "My Agent");
        var user = await _flow.CreateUserAsync(_owner);
        using var browser = _flow.NewBrowser();
        var login = await OAuthFlow.GetPageAsync(browser, OAuthFlow.AuthorizePath(client, Pkce.New(), Redirect, scope: "tasks:read tasks:write offline_access", state: "st&=1"));

        var wrong = await OAuthFlow.Page.ReadAsync(await OAuthFlow.SubmitAsync(browser, login, ("email", user.Email), ("password", "wrong-password")));
        Assert.That(wrong.Html, Does.Contain("Incorrect email or password."));
        Assert.That(wrong.Hidden["state"], Is.EqualTo("st&=1"));

        var signedIn = await OAuthFlow.SubmitAsync(browser, wrong, ("email", user.Email), ("password", user.Password));
        Assert.That(signedIn.StatusCode, Is.EqualTo(HttpStatusCode.SeeOther));
        Assert.That(signedIn.Headers.Location!.OriginalString, Does.StartWith("/auth/authorize?"));
        Assert.That(browser.SessionCookie, Is.Not.Null, "the login page sets the ordinary session cookie");

        var consent = await OAuthFlow.GetPageAsync(browser, signedIn.Headers.Location.OriginalString);
        Assert.Multiple(() =>
        {
            Assert.That(consent.Status, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(consent.Html, Does.Contain("My Agent"));
            Assert.That(consent.Html, Does.Contain("127.0.0.1:8765"), "the redirect host is shown");
            Assert.That(consent.Html, Does.Contain("Read your tasks"));
            Assert.That(consent.Html, Does.Contain("Create and update tasks"));
            Assert.That(consent.Html, Does.Contain("Stay connected without asking again"));
            Assert.That(consent.Html, Does.Not.Contain("Read your organizations"), "only the requested scopes");
            Assert.That(consent.Html, Does.Contain("<button type=\"submit\" name=\"decision\" value=\"allow\">"));
            Assert.That(consent.Html, Does.Contain("name=\"decision\" value=\"deny\""));
            Assert.That(consent.FormAction, Is.EqualTo("/auth/consent"));
        });

        var allowed = await OAuthFlow.SubmitAsync(browser, consent, ("decision", "allow"));
        Assert.That(allowed.StatusCode, Is.EqualTo(HttpStatusCode.Found));
        var location = allowed.Headers.Location!;
        Assert.That(location.GetLeftPart(UriPartial.Path), Is.EqualTo(Redirect));
        var query = OAuthFlow.QueryOf(location);
        Assert.That(query["code"], Has.Length.GreaterThanOrEqualTo(43));
        Assert.That(query["state"], Is.EqualTo("st&=1"));
        Assert.That(query["iss"], Is.EqualTo("http://localhost:3001/auth"));
    }

    [Test]
    public async Task Deny_redirects_with_access_denied_state_and_iss()
    {
        var client = await _flow.RegisterPublicAsync(Redirect);
        var user = await _flow.CreateUserAsync(_owner);
        using var browser = _flow.NewBrowser();
        var redirect = await _flow.AuthorizeAsync(browser, OAuthFlow.AuthorizePath(client, Pkce.New(), Redirect, state: "deny-state"), (user.Email, user.Password), "deny");
        var query = OAuthFlow.QueryOf(redirect);
        Assert.Multiple(() =>
        {
            Assert.That(query["error"], Is.EqualTo("access_denied"));
            Assert.That(query["state"], Is.EqualTo("deny-state"));
            Assert.That(query["iss"], Is.EqualTo("http://localhost:3001/auth"));
            Assert.That(query, Does.Not.ContainKey("code"));
        });
    }

    [Test]
    public async Task Consent_is_remembered_for_the_same_or_fewer_scopes_but_asked_again_for_more()
    {
        var client = await _flow.RegisterPublicAsync(Redirect);
        var user = await _flow.CreateUserAsync(_owner);
        using var browser = _flow.NewBrowser();
        var first = await _flow.AuthorizeAsync(browser, OAuthFlow.AuthorizePath(client, Pkce.New(), Redirect, scope: "tasks:read tasks:write"), (user.Email, user.Password));
        Assert.That(OAuthFlow.QueryOf(first), Does.ContainKey("code"));

        var same = await OAuthFlow.GetPageAsync(browser, OAuthFlow.AuthorizePath(client, Pkce.New(), Redirect, scope: "tasks:write tasks:read"));
        Assert.That(same.Status, Is.EqualTo(HttpStatusCode.Found), "same scopes skip the page");
        Assert.That(OAuthFlow.QueryOf(same.Location!), Does.ContainKey("code"));

        var fewer = await OAuthFlow.GetPageAsync(browser, OAuthFlow.AuthorizePath(client, Pkce.New(), Redirect, scope: "tasks:read"));
        Assert.That(fewer.Status, Is.EqualTo(HttpStatusCode.Found), "fewer scopes skip the page");

        var more = await OAuthFlow.GetPageAsync(browser, OAuthFlow.AuthorizePath(client, Pkce.New(), Redirect, scope: "tasks:read organizations:read"));
        Assert.That(more.Status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(more.Html, Does.Contain("Read your organizations"));
    }

    [Test]
    public async Task Absent_scope_means_the_registered_mcp_scopes_or_all_three()
    {
        var registered = await _flow.RegisterPublicAsync(Redirect, scope: "tasks:read offline_access");
        var unregistered = await _flow.RegisterPublicAsync(Redirect);
        var user = await _flow.CreateUserAsync(_owner);
        using var browser = _flow.NewBrowser();
        var login = await OAuthFlow.GetPageAsync(browser, OAuthFlow.AuthorizePath(registered, Pkce.New(), Redirect));
        var signedIn = await OAuthFlow.SubmitAsync(browser, login, ("email", user.Email), ("password", user.Password));

        var consent = await OAuthFlow.GetPageAsync(browser, signedIn.Headers.Location!.OriginalString);
        Assert.That(consent.Html, Does.Contain("Read your tasks"));
        Assert.That(consent.Html, Does.Not.Contain("Stay connected").And.Not.Contain("Read your organizations"), "offline_access only when requested");

        var all = await OAuthFlow.GetPageAsync(browser, OAuthFlow.AuthorizePath(unregistered, Pkce.New(), Redirect));
        Assert.That(all.Html, Does.Contain("Read your organizations").And.Contain("Read your tasks").And.Contain("Create and update tasks"));
        Assert.That(all.Html, Does.Not.Contain("Stay connected"));
    }

    [Test]
    public async Task Vs_code_changing_loopback_port_is_accepted_and_used()
    {
        var client = await _flow.RegisterAsync(new
        {
            client_name = "Visual Studio Code",
            redirect_uris = new[] { "https://vscode.dev/redirect", "http://127.0.0.1:33418/" },
            token_endpoint_auth_method = "none",
        });
        var user = await _flow.CreateUserAsync(_owner);
        using var browser = _flow.NewBrowser();
        var redirect = await _flow.AuthorizeAsync(browser, OAuthFlow.AuthorizePath(client, Pkce.New(), "http://127.0.0.1:54321/"), (user.Email, user.Password));
        Assert.That(redirect.GetLeftPart(UriPartial.Path), Is.EqualTo("http://127.0.0.1:54321/"));
        Assert.That(OAuthFlow.QueryOf(redirect), Does.ContainKey("code"));
    }

    [Test]
    public async Task Consent_post_without_a_valid_antiforgery_token_is_refused()
    {
        var client = await _flow.RegisterPublicAsync(Redirect);
        var user = await _flow.CreateUserAsync(_owner);
        using var browser = _flow.NewBrowser();
        var login = await OAuthFlow.GetPageAsync(browser, OAuthFlow.AuthorizePath(client, Pkce.New(), Redirect));
        var signedIn = await OAuthFlow.SubmitAsync(browser, login, ("email", user.Email), ("password", user.Password));
        var consent = await OAuthFlow.GetPageAsync(browser, signedIn.Headers.Location!.OriginalString);

        var forged = consent with { Hidden = consent.Hidden.Where(kv => kv.Key != "csrf_token").ToDictionary() };
        var missing = await OAuthFlow.Page.ReadAsync(await OAuthFlow.SubmitAsync(browser, forged, ("decision", "allow")));
        Assert.That(missing.Status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(missing.Html, Does.Contain("expired or was not sent from this site"));

        var tampered = consent with { Hidden = consent.Hidden.ToDictionary(kv => kv.Key, kv => kv.Key == "csrf_token" ? kv.Value[..^4] + "AAAA" : kv.Value) };
        var bad = await OAuthFlow.SubmitAsync(browser, tampered, ("decision", "allow"));
        Assert.That(bad.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));

        // A token minted for another browser (another cookie) does not work here either.
        var other = await _flow.CreateUserAsync(_owner);
        using var attacker = _flow.NewBrowser();
        var attackerLogin = await OAuthFlow.GetPageAsync(attacker, OAuthFlow.AuthorizePath(client, Pkce.New(), Redirect));
        var stolen = consent with { Hidden = consent.Hidden.ToDictionary(kv => kv.Key, kv => kv.Key == "csrf_token" ? attackerLogin.Hidden["csrf_token"] : kv.Value) };
        Assert.That((await OAuthFlow.SubmitAsync(browser, stolen, ("decision", "allow"))).StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));

        await using var db = _app.CreateDbContext();
        Assert.That(await db.OAuthAuthorizationCodes.CountAsync(c => c.UserId == user.Id), Is.Zero, "no code was issued");
        Assert.That(other.Id, Is.Not.EqualTo(user.Id));
    }

    [Test]
    public async Task Login_post_without_a_valid_antiforgery_token_does_not_sign_in()
    {
        var client = await _flow.RegisterPublicAsync(Redirect);
        var user = await _flow.CreateUserAsync(_owner);
        using var browser = _flow.NewBrowser();
        var login = await OAuthFlow.GetPageAsync(browser, OAuthFlow.AuthorizePath(client, Pkce.New(), Redirect));
        var forged = login with { Hidden = login.Hidden.Where(kv => kv.Key != "csrf_token").ToDictionary() };
        var response = await OAuthFlow.Page.ReadAsync(await OAuthFlow.SubmitAsync(browser, forged, ("email", user.Email), ("password", user.Password)));
        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(response.Html, Does.Contain("expired"));
        Assert.That(browser.SessionCookie, Is.Null);
    }

    [Test]
    public async Task Consent_post_re_validates_the_request()
    {
        var client = await _flow.RegisterPublicAsync(Redirect);
        var user = await _flow.CreateUserAsync(_owner);
        using var browser = _flow.NewBrowser();
        var login = await OAuthFlow.GetPageAsync(browser, OAuthFlow.AuthorizePath(client, Pkce.New(), Redirect));
        var signedIn = await OAuthFlow.SubmitAsync(browser, login, ("email", user.Email), ("password", user.Password));
        var consent = await OAuthFlow.GetPageAsync(browser, signedIn.Headers.Location!.OriginalString);

        var redirected = consent with { Hidden = consent.Hidden.ToDictionary(kv => kv.Key, kv => kv.Key == "redirect_uri" ? "https://evil.example.com/cb" : kv.Value) };
        var page = await OAuthFlow.Page.ReadAsync(await OAuthFlow.SubmitAsync(browser, redirected, ("decision", "allow")));
        AssertErrorPage(page, "redirect_uri is not registered");

        var widened = consent with { Hidden = new Dictionary<string, string>(consent.Hidden) { ["scope"] = "root" } };
        var scoped = await OAuthFlow.SubmitAsync(browser, widened, ("decision", "allow"));
        Assert.That(OAuthFlow.QueryOf(scoped.Headers.Location!)["error"], Is.EqualTo("invalid_scope"));
    }

    [Test]
    public async Task The_oauth_login_page_shares_the_api_login_rate_limit()
    {
        var client = await _flow.RegisterPublicAsync(Redirect);
        var user = await _flow.CreateUserAsync(_owner);
        var ip = OAuthFlow.NewIp();
        using var api = _flow.NewBrowser(ip);
        for (var i = 0; i < 10; i++)
        {
            var failed = await api.PostJsonAsync("/api/auth/login", new { email = user.Email, password = "wrong-password" });
            Assert.That(failed.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        }

        // The same address is refused on the OAuth login page too; another address only gets slowed (decision 0006).
        using var browser = _flow.NewBrowser(ip);
        var login = await OAuthFlow.GetPageAsync(browser, OAuthFlow.AuthorizePath(client, Pkce.New(), Redirect));
        var limited = await OAuthFlow.Page.ReadAsync(await OAuthFlow.SubmitAsync(browser, login, ("email", user.Email), ("password", user.Password)));
        Assert.That(limited.Status, Is.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That(limited.Html, Does.Contain("Too many sign-in attempts"));
        Assert.That(browser.SessionCookie, Is.Null);

        using var elsewhere = _flow.NewBrowser(OAuthFlow.NewIp());
        var page = await OAuthFlow.GetPageAsync(elsewhere, OAuthFlow.AuthorizePath(client, Pkce.New(), Redirect));
        var signedIn = await OAuthFlow.SubmitAsync(elsewhere, page, ("email", user.Email), ("password", user.Password));
        Assert.That(signedIn.StatusCode, Is.EqualTo(HttpStatusCode.SeeOther));
    }

    [Test]
    public async Task An_existing_session_is_reused_without_the_login_page()
    {
        var client = await _flow.RegisterPublicAsync(Redirect);
        var user = await _flow.CreateUserAsync(_owner);
        using var browser = _flow.NewBrowser();
        var login = await browser.PostJsonAsync("/api/auth/login", new { email = user.Email, password = user.Password });
        Assert.That(login.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var page = await OAuthFlow.GetPageAsync(browser, OAuthFlow.AuthorizePath(client, Pkce.New(), Redirect));
        Assert.That(page.Html, Does.Contain("value=\"allow\"").And.Not.Contain("name=\"password\""));
    }

    [Test]
    public async Task A_disabled_user_session_goes_back_to_the_login_page()
    {
        var client = await _flow.RegisterPublicAsync(Redirect);
        var user = await _flow.CreateUserAsync(_owner);
        using var browser = _flow.NewBrowser();
        Assert.That((await browser.PostJsonAsync("/api/auth/login", new { email = user.Email, password = user.Password })).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        await using (var db = _app.CreateDbContext())
        {
            await db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.DisabledAt, DateTimeOffset.UtcNow));
        }

        var page = await OAuthFlow.GetPageAsync(browser, OAuthFlow.AuthorizePath(client, Pkce.New(), Redirect));
        Assert.That(page.Html, Does.Contain("name=\"password\""));
    }

    private static void AssertErrorPage(OAuthFlow.Page page, string message)
    {
        Assert.Multiple(() =>
        {
            Assert.That(page.Status, Is.EqualTo(HttpStatusCode.BadRequest), page.Html);
            Assert.That(page.Location, Is.Null, "never redirected");
            Assert.That(page.Response.Content.Headers.ContentType!.MediaType, Is.EqualTo("text/html"));
            Assert.That(page.Html, Does.Contain(message));
        });
    }

    /// <summary>
    /// An invalid request after the client and redirect URI are trusted (RFC 9700 §4.11.2, security
    /// review finding 3): before any interaction (no session, or no remembered consent for the client)
    /// the error is shown on this server's page, never redirected (no open redirector); once the user
    /// has allowed the client, the same error goes back to it with <c>error</c>, <c>state</c> and <c>iss</c>.
    /// </summary>
    private async Task<Dictionary<string, string>> ErrorRedirectAsync(TestClient browser, RegisteredClient client, string path, string error)
    {
        var shown = await OAuthFlow.GetPageAsync(browser, path);
        AssertErrorPage(shown, "invalid authorization request");

        var user = await _flow.CreateUserAsync(_owner);
        var allowed = await _flow.AuthorizeAsync(browser, OAuthFlow.AuthorizePath(client, Pkce.New(), Redirect), (user.Email, user.Password));
        Assert.That(OAuthFlow.QueryOf(allowed), Does.ContainKey("code"), "the user allowed the client");

        var page = await OAuthFlow.GetPageAsync(browser, path);
        Assert.That(page.Status, Is.EqualTo(HttpStatusCode.Found), page.Html);
        Assert.That(page.Location!.GetLeftPart(UriPartial.Path), Is.EqualTo(Redirect));
        var query = OAuthFlow.QueryOf(page.Location);
        Assert.That(query["error"], Is.EqualTo(error), page.Location.ToString());
        Assert.That(query, Does.ContainKey("iss"));
        Assert.That(query, Does.Not.ContainKey("code"));
        return query;
    }

    [Test]
    public async Task A_registered_redirect_uri_is_no_open_redirector_for_anyone_without_a_consent()
    {
        // The review's attack: register https://evil.example/landing, send a victim to /authorize with a bad response_type.
        var client = await _flow.RegisterPublicAsync("https://evil.example/landing");
        using var browser = _flow.NewBrowser();
        var path = OAuthFlow.AuthorizePath(client, Pkce.New(), "https://evil.example/landing").Replace("response_type=code", "response_type=x", StringComparison.Ordinal);

        AssertErrorPage(await OAuthFlow.GetPageAsync(browser, path), "invalid authorization request");

        var user = await _flow.CreateUserAsync(_owner);
        using var signedIn = _flow.NewBrowser();
        var login = await OAuthFlow.GetPageAsync(signedIn, OAuthFlow.AuthorizePath(client, Pkce.New(), "https://evil.example/landing"));
        var submitted = await OAuthFlow.SubmitAsync(signedIn, login, ("email", user.Email), ("password", user.Password));
        Assert.That(submitted.StatusCode, Is.EqualTo(HttpStatusCode.SeeOther));
        AssertErrorPage(await OAuthFlow.GetPageAsync(signedIn, path), "invalid authorization request");
    }
}
