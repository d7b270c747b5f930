using System.Security.Cryptography;
using System.Text;
using Platform.Application.Common.Security;
using Platform.Application.Identity.OAuth;
using Platform.Domain.Identity.OAuth;

namespace Platform.UnitTests.OAuth;

public sealed class PkceTests
{
    [Test]
    public void S256_challenge_is_the_base64url_sha256_of_the_verifier()
    {
        const string verifier = "dBjftJeZ4CVP-mJ92K9JEo9iHCmrmA7zRBBt5Ig2rPs";
        Assert.That(Pkce.ChallengeOf(verifier), Is.EqualTo("v3Qn-Gu5sZtsLCOUtGfnpItn7IeBy_qVxKeZqyhuvUE"));
        Assert.That(Pkce.Verify(verifier, "v3Qn-Gu5sZtsLCOUtGfnpItn7IeBy_qVxKeZqyhuvUE"), Is.True);
        Assert.That(Pkce.Verify(verifier, "v3Qn-Gu5sZtsLCOUtGfnpItn7IeBy_qVxKeZqyhuvUF"), Is.False);
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("short")]
    [TestCase("dBjftJeZ4CVP-mJ92K9JEo9iHCmrmA7zRBBt5Ig2rP!")]
    public void Malformed_verifiers_never_verify(string? verifier) =>
        Assert.That(Pkce.Verify(verifier, Pkce.ChallengeOf("dBjftJeZ4CVP-mJ92K9JEo9iHCmrmA7zRBBt5Ig2rPs")), Is.False);

    [Test]
    public void A_plain_challenge_equal_to_the_verifier_does_not_verify()
    {
        const string verifier = "dBjftJeZ4CVP-mJ92K9JEo9iHCmrmA7zRBBt5Ig2rPs";
        Assert.That(Pkce.Verify(verifier, verifier), Is.False);
    }

    [TestCase("v3Qn-Gu5sZtsLCOUtGfnpItn7IeBy_qVxKeZqyhuvUE", true)]
    [TestCase("v3Qn-Gu5sZtsLCOUtGfnpItn7IeBy_qVxKeZqyhuvU", false)]
    [TestCase("v3Qn+Gu5sZtsLCOUtGfnpItn7IeBy/qVxKeZqyhuvUE", false)]
    [TestCase("v3Qn-Gu5sZtsLCOUtGfnpItn7IeBy_qVxKeZqyhuvU=", false)]
    public void Challenges_are_43_base64url_characters(string challenge, bool valid) =>
        Assert.That(Pkce.IsValidChallenge(challenge), Is.EqualTo(valid));
}

public sealed class ResourceIndicatorTests
{
    private const string Resource = "http://localhost:3001/api/mcp";

    [TestCase("http://localhost:3001/api/mcp", true)]
    [TestCase("http://localhost:3001/api/mcp/", true)]
    [TestCase("HTTP://LocalHost:3001/api/mcp", true)]
    [TestCase("http://localhost:3001/api/mcp//", false)]
    [TestCase("http://localhost:3001/API/mcp", false)]
    [TestCase("http://localhost:3001/api/mcp?x=1", false)]
    [TestCase("http://localhost:3001/api/mcp#f", false)]
    [TestCase("http://localhost:3001/", false)]
    [TestCase("http://localhost:3001", false)]
    [TestCase("https://localhost:3001/api/mcp", false)]
    [TestCase("http://user@localhost:3001/api/mcp", false)]
    [TestCase("urn:mcp", false)]
    public void Resource_matches_after_normalisation(string requested, bool matches) =>
        Assert.That(ResourceIndicator.Matches(requested, Resource), Is.EqualTo(matches));

    [Test]
    public void Default_ports_are_dropped() =>
        Assert.That(ResourceIndicator.Matches("https://mcp.example.com:443/api/mcp", "https://mcp.example.com/api/mcp"), Is.True);
}

public sealed class OAuthScopesTests
{
    [Test]
    public void Authorization_server_scopes_agree_with_the_resource_scopes()
    {
        Assert.That(OAuthScopes.Resource, Is.EqualTo(Scopes.McpScopes));
        Assert.That(OAuthScopes.OfflineAccess, Is.EqualTo(Scopes.OfflineAccess));
    }

    [Test]
    public void Parsing_orders_and_deduplicates()
    {
        Assert.That(OAuthScopes.TryParse("offline_access tasks:write  tasks:read tasks:read", out var scopes, out _), Is.True);
        Assert.That(scopes, Is.EqualTo(new[] { "tasks:read", "tasks:write", "offline_access" }));
    }

    [TestCase("tasks:read admin", "admin")]
    [TestCase("TASKS:READ", "TASKS:READ")]
    [TestCase("openid", "openid")]
    public void Unknown_names_are_reported(string value, string unknown)
    {
        Assert.That(OAuthScopes.TryParse(value, out _, out var reported), Is.False);
        Assert.That(reported, Is.EqualTo(unknown));
    }

    [Test]
    public void Consent_descriptions_are_the_contract_wording()
    {
        Assert.That(OAuthScopes.Describe("organizations:read"), Is.EqualTo("Read your organizations"));
        Assert.That(OAuthScopes.Describe("tasks:read"), Is.EqualTo("Read your tasks"));
        Assert.That(OAuthScopes.Describe("tasks:write"), Is.EqualTo("Create and update tasks"));
        Assert.That(OAuthScopes.Describe("offline_access"), Is.EqualTo("Stay connected without asking again"));
    }
}

public sealed class OAuthClientTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 9, 0, 0, TimeSpan.Zero);

    private static OAuthClient Register(ClientMetadata metadata) => OAuthClient.Register(metadata, "client-1", () => [1, 2, 3], Now);

    [Test]
    public void Defaults_follow_rfc_7591()
    {
        var client = Register(new ClientMetadata { RedirectUris = ["https://a.example.com/cb"] });
        Assert.Multiple(() =>
        {
            Assert.That(client.TokenEndpointAuthMethod, Is.EqualTo("client_secret_basic"));
            Assert.That(client.SecretHash, Is.EqualTo(new byte[] { 1, 2, 3 }));
            Assert.That(client.GrantTypes, Is.EqualTo(new[] { "authorization_code" }));
            Assert.That(client.ResponseTypes, Is.EqualTo(new[] { "code" }));
            Assert.That(client.Scope, Is.Null);
            Assert.That(client.DefaultScopes(), Is.EqualTo(new[] { "organizations:read", "tasks:read", "tasks:write" }));
            Assert.That(client.CreatedAt, Is.EqualTo(Now));
        });
    }

    [Test]
    public void Public_clients_get_no_secret()
    {
        var secretMade = false;
        var client = OAuthClient.Register(new ClientMetadata { RedirectUris = ["http://localhost/cb"], TokenEndpointAuthMethod = "none" }, "c", () =>
        {
            secretMade = true;
            return [1];
        }, Now);
        Assert.That(client.SecretHash, Is.Null);
        Assert.That(secretMade, Is.False);
        Assert.That(client.SecretMatches(SHA256.HashData(Encoding.UTF8.GetBytes(""))), Is.False);
    }

    [Test]
    public void Registered_scope_drives_the_default_without_offline_access()
    {
        var client = Register(new ClientMetadata { RedirectUris = ["https://a.example.com/cb"], Scope = "offline_access tasks:read" });
        Assert.That(client.Scope, Is.EqualTo("tasks:read offline_access"));
        Assert.That(client.DefaultScopes(), Is.EqualTo(new[] { "tasks:read" }));
        var onlyOffline = Register(new ClientMetadata { RedirectUris = ["https://a.example.com/cb"], Scope = "offline_access" });
        Assert.That(onlyOffline.DefaultScopes(), Is.EqualTo(OAuthScopes.Resource));
    }

    [Test]
    public void Duplicate_redirect_uris_are_stored_once()
    {
        var client = Register(new ClientMetadata { RedirectUris = ["https://a.example.com/cb", "https://a.example.com/cb"] });
        Assert.That(client.RedirectUris, Is.EqualTo(new[] { "https://a.example.com/cb" }));
    }

    [Test]
    public void Loopback_registrations_allow_any_port()
    {
        var client = Register(new ClientMetadata { RedirectUris = ["https://vscode.dev/redirect", "http://127.0.0.1:33418/"] });
        Assert.That(client.AllowsRedirectUri("http://127.0.0.1:54321/"), Is.True);
        Assert.That(client.AllowsRedirectUri("https://vscode.dev/redirect"), Is.True);
        Assert.That(client.AllowsRedirectUri("https://vscode.dev/redirect/"), Is.False);
    }

    [TestCase("invalid_redirect_uri")]
    public void Missing_redirect_uris_are_refused(string error)
    {
        var ex = Assert.Throws<OAuthException>(() => Register(new ClientMetadata()));
        Assert.That(ex!.Error, Is.EqualTo(error));
        Assert.That(Assert.Throws<OAuthException>(() => Register(new ClientMetadata { RedirectUris = Enumerable.Range(0, 21).Select(i => $"https://a.example.com/{i}").ToArray() }))!.Error,
            Is.EqualTo(error));
    }

    [Test]
    public void Invalid_metadata_is_invalid_client_metadata()
    {
        ClientMetadata Good() => new() { RedirectUris = ["https://a.example.com/cb"] };
        ClientMetadata[] bad =
        [
            Good() with { TokenEndpointAuthMethod = "private_key_jwt" },
            Good() with { GrantTypes = ["implicit"] },
            Good() with { GrantTypes = [] },
            Good() with { GrantTypes = ["refresh_token"] },
            Good() with { ResponseTypes = ["code", "token"] },
            Good() with { ResponseTypes = [] },
            Good() with { Scope = "tasks:delete" },
            Good() with { ApplicationType = "service" },
            Good() with { ClientName = new string('n', 201) },
            Good() with { ClientName = "bad\u0007name" },
            Good() with { ClientUri = "ftp://a.example.com" },
            Good() with { LogoUri = "javascript:alert(1)" },
            Good() with { Contacts = [""] },
            Good() with { SoftwareVersion = new string('v', 201) },
        ];
        foreach (var metadata in bad)
        {
            var ex = Assert.Throws<OAuthException>(() => Register(metadata), metadata.ToString());
            Assert.That(ex!.Error, Is.EqualTo("invalid_client_metadata"), metadata.ToString());
        }
    }
}

public sealed class AuthorizationCodeTests
{
    private static readonly DateTimeOffset Issued = new(2026, 11, 21, 9, 0, 0, TimeSpan.Zero);
    private const string Verifier = "dBjftJeZ4CVP-mJ92K9JEo9iHCmrmA7zRBBt5Ig2rPs";

    private static OAuthAuthorizationCode NewCode(string scope = "tasks:read offline_access") =>
        OAuthAuthorizationCode.Issue([9], 7, 42, "http://127.0.0.1:5000/cb", Pkce.ChallengeOf(Verifier), scope.Split(' '), null, Issued);

    [Test]
    public void A_code_lives_ten_minutes()
    {
        var code = NewCode();
        Assert.That(code.ExpiresAt, Is.EqualTo(Issued.AddMinutes(10)));
        Assert.DoesNotThrow(() => code.EnsureRedeemable(7, "http://127.0.0.1:5000/cb", Verifier, Issued.AddMinutes(10).AddTicks(-1)));
        var expired = Assert.Throws<OAuthException>(() => code.EnsureRedeemable(7, "http://127.0.0.1:5000/cb", Verifier, Issued.AddMinutes(10)));
        Assert.That(expired!.Error, Is.EqualTo("invalid_grant"));
    }

    [TestCase(8L, "http://127.0.0.1:5000/cb", Verifier, "another client")]
    [TestCase(7L, "http://127.0.0.1:5001/cb", Verifier, "redirect_uri")]
    [TestCase(7L, null, Verifier, "redirect_uri")]
    [TestCase(7L, "http://127.0.0.1:5000/cb", null, "code_verifier is required")]
    [TestCase(7L, "http://127.0.0.1:5000/cb", "x" + Verifier, "does not match")]
    public void Every_binding_is_checked(long clientId, string? redirect, string? verifier, string message)
    {
        var ex = Assert.Throws<OAuthException>(() => NewCode().EnsureRedeemable(clientId, redirect, verifier, Issued.AddMinutes(1)));
        Assert.That(ex!.Error, Is.EqualTo("invalid_grant"));
        Assert.That(ex.Description, Does.Contain(message));
    }

    [Test]
    public void A_code_only_accepts_an_s256_challenge() =>
        Assert.That(Assert.Throws<OAuthException>(() => OAuthAuthorizationCode.Issue([1], 1, 1, "https://a/cb", "plain", ["tasks:read"], null, Issued))!.Error,
            Is.EqualTo("invalid_request"));

    [Test]
    public void Every_code_names_a_fresh_family()
    {
        var first = NewCode();
        var second = NewCode();
        Assert.That(second.FamilyId, Is.Not.EqualTo(first.FamilyId));
    }
}

public sealed class RefreshTokenTests
{
    private static readonly DateTimeOffset Issued = new(2026, 11, 21, 9, 0, 0, TimeSpan.Zero);

    private static OAuthAuthorizationCode Code(string scope) =>
        OAuthAuthorizationCode.Issue([9], 7, 42, "https://a.example.com/cb", Pkce.ChallengeOf(new string('a', 43)), scope.Split(' '), null, Issued);

    [Test]
    public void Only_an_offline_access_grant_gets_a_refresh_token() =>
        Assert.Throws<InvalidOperationException>(() => OAuthRefreshToken.IssueFor(Code("tasks:read"), [1], Issued, OAuthRefreshToken.DefaultLifetime));

    [Test]
    public void Rotation_keeps_the_family_and_the_grant_and_spends_the_old_token()
    {
        var code = Code("tasks:read offline_access");
        var first = OAuthRefreshToken.IssueFor(code, [1], Issued, OAuthRefreshToken.DefaultLifetime);
        Assert.That(first.FamilyId, Is.EqualTo(code.FamilyId));
        Assert.That(first.IsActive(Issued.AddDays(30).AddTicks(-1)), Is.True);
        Assert.That(first.IsActive(Issued.AddDays(30)), Is.False);

        var later = Issued.AddDays(20);
        var second = first.RotateTo([2], later, TimeSpan.FromDays(30));
        Assert.Multiple(() =>
        {
            Assert.That(first.IsSpent, Is.True);
            Assert.That(first.IsActive(later), Is.False);
            Assert.That(second.FamilyId, Is.EqualTo(first.FamilyId));
            Assert.That(second.ParentId, Is.EqualTo(first.Id));
            Assert.That(second.Scopes, Is.EqualTo(new[] { "tasks:read", "offline_access" }));
            Assert.That(second.ExpiresAt, Is.EqualTo(later.AddDays(30)));
        });
        Assert.Throws<InvalidOperationException>(() => first.RotateTo([3], later, TimeSpan.FromDays(30)));
        Assert.That(first.IsInReuseGrace(later), Is.False, "rotated in memory: no successor kept, so no grace");
    }

    [Test]
    public void A_configured_lifetime_slides_with_each_rotation()
    {
        var first = OAuthRefreshToken.IssueFor(Code("tasks:read offline_access"), [1], Issued, TimeSpan.FromHours(2));
        Assert.That(first.ExpiresAt, Is.EqualTo(Issued.AddHours(2)));
        Assert.That(first.RotateTo([2], Issued.AddHours(1), TimeSpan.FromHours(2)).ExpiresAt, Is.EqualTo(Issued.AddHours(3)));
    }

    [Test]
    public void Token_settings_default_to_one_hour_thirty_days_and_a_minute_of_grace_and_refuse_nonsense()
    {
        var defaults = new OAuthTokenOptions();
        Assert.Multiple(() =>
        {
            Assert.That((defaults.AccessTokenLifetime, defaults.RefreshTokenLifetime, defaults.RefreshTokenReuseGraceSeconds),
                Is.EqualTo((TimeSpan.FromHours(1), TimeSpan.FromDays(30), 60)));
            Assert.That(defaults.Problem(), Is.Null);
            Assert.That(new OAuthTokenOptions { RefreshTokenReuseGraceSeconds = 0 }.Problem(), Is.Null, "0 disables the grace");
            Assert.That(new OAuthTokenOptions { AccessTokenLifetime = TimeSpan.FromSeconds(3) }.Problem(), Is.Null);
            Assert.That(new OAuthTokenOptions { AccessTokenLifetime = TimeSpan.Zero }.Problem(), Does.Contain("OAuth:AccessTokenLifetime"));
            Assert.That(new OAuthTokenOptions { AccessTokenLifetime = TimeSpan.FromDays(2) }.Problem(), Does.Contain("OAuth:AccessTokenLifetime"));
            Assert.That(new OAuthTokenOptions { AccessTokenLifetime = TimeSpan.FromMilliseconds(1500) }.Problem(), Does.Contain("whole seconds"));
            Assert.That(new OAuthTokenOptions { RefreshTokenLifetime = TimeSpan.Zero }.Problem(), Does.Contain("OAuth:RefreshTokenLifetime"));
            Assert.That(new OAuthTokenOptions { RefreshTokenReuseGraceSeconds = -1 }.Problem(), Does.Contain("OAuth:RefreshTokenReuseGraceSeconds"));
            Assert.That(new OAuthTokenOptions { RefreshTokenReuseGraceSeconds = 3601 }.Problem(), Does.Contain("OAuth:RefreshTokenReuseGraceSeconds"));
        });
    }
}

public sealed class ConsentTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 9, 0, 0, TimeSpan.Zero);

    [Test]
    public void A_consent_covers_the_same_or_fewer_scopes_and_grows_when_extended()
    {
        var consent = OAuthConsent.Grant(1, 2, OAuthConsent.DefaultResource, ["tasks:read", "tasks:write"], Now);
        Assert.That(consent.Covers(["tasks:write", "tasks:read"]), Is.True);
        Assert.That(consent.Covers(["tasks:read"]), Is.True);
        Assert.That(consent.Covers(["tasks:read", "offline_access"]), Is.False);
        consent.Extend(["offline_access"], Now.AddHours(1));
        Assert.That(consent.Scope, Is.EqualTo("tasks:read tasks:write offline_access"));
        Assert.That(consent.UpdatedAt, Is.EqualTo(Now.AddHours(1)));
    }
}
