using System.Net;
using System.Text.Json;
using Platform.IntegrationTests.OAuth;
using Platform.IntegrationTests.Support;

namespace Platform.IntegrationTests.Admin;

/// <summary>
/// The OAuth part of the admin API: registered clients, a user's grants and refresh-token families,
/// signing keys. Grants are made through the real flow (registration, login, consent, token).
/// </summary>
public sealed class AdminOAuthTests
{
    private const string Redirect = "http://127.0.0.1:8765/callback";
    private const string Scope = "organizations:read tasks:read offline_access";

    private static AdminServer Server => AdminServer.Current;

    public sealed record Grant(OAuthFlow Flow, RegisteredClient Client, int UserId, string RefreshToken);

    /// <summary>A new public client and a new user who allowed it (with offline_access): one live refresh-token family.</summary>
    public static async Task<Grant> NewGrantAsync(AdminServer server, RegisteredClient? client = null)
    {
        var flow = new OAuthFlow(server.App);
        client ??= await flow.RegisterPublicAsync(Redirect, name: "Admin test client " + Guid.NewGuid().ToString("N")[..6]);
        var pkce = Pkce.New();
        var (code, userId) = await flow.CodeForNewUserAsync(server.Owner, client, pkce, Redirect, Scope);
        var tokens = await (await flow.ExchangeCodeAsync(client, code, pkce, Redirect)).ReadJsonAsync();
        return new Grant(flow, client, userId, tokens.GetProperty("refresh_token").GetString()!);
    }

    private static async Task<JsonElement> OnlyFamilyAsync(int userId)
    {
        var page = await (await Server.Admin.GetAsync($"/api/admin/users/{userId}/refresh-token-families")).ReadJsonAsync();
        Assert.That(page.GetProperty("total").GetInt32(), Is.EqualTo(1), page.ToString());
        return page.GetProperty("items")[0];
    }

    [Test]
    public async Task Registered_clients_are_listed_and_shown_with_their_usage_but_never_a_secret()
    {
        var grant = await NewGrantAsync(Server);
        var flow = new OAuthFlow(Server.App);
        var confidential = await flow.RegisterAsync(new { client_name = "Confidential " + Guid.NewGuid().ToString("N")[..6], redirect_uris = new[] { Redirect } });

        var client = await (await Server.Admin.GetAsync($"/api/admin/oauth-clients/{grant.Client.ClientId}")).ReadJsonAsync();
        Assert.Multiple(() =>
        {
            Assert.That(client.GetProperty("clientId").GetString(), Is.EqualTo(grant.Client.ClientId));
            Assert.That(client.GetProperty("tokenEndpointAuthMethod").GetString(), Is.EqualTo("none"));
            Assert.That(client.GetProperty("redirectUris")[0].GetString(), Is.EqualTo(Redirect));
            Assert.That(client.GetProperty("consents").GetInt32(), Is.EqualTo(1));
            Assert.That(client.GetProperty("activeRefreshTokens").GetInt32(), Is.EqualTo(1));
        });

        var secretClient = await Server.Admin.GetAsync($"/api/admin/oauth-clients/{confidential.ClientId}");
        var text = await secretClient.Content.ReadAsStringAsync();
        Assert.That(secretClient.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(text, Does.Not.Contain(confidential.ClientSecret!).And.Not.Contain("secret\""));

        var list = await (await Server.Admin.GetAsync($"/api/admin/oauth-clients?search={Uri.EscapeDataString(grant.Client.ClientId)}")).ReadJsonAsync();
        Assert.That(list.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("clientId").GetString()), Is.EqualTo(new[] { grant.Client.ClientId }));
        var newestFirst = await (await Server.Admin.GetAsync("/api/admin/oauth-clients?pageSize=1")).ReadJsonAsync();
        Assert.That(newestFirst.GetProperty("items")[0].GetProperty("clientId").GetString(), Is.EqualTo(confidential.ClientId));
        await (await Server.Admin.GetAsync("/api/admin/oauth-clients/no-such-client")).AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND", "client not found");
    }

    [Test]
    public async Task Deleting_a_client_removes_its_grants_and_stops_its_refresh_tokens()
    {
        var grant = await NewGrantAsync(Server);
        Assert.That((await Server.Admin.DeleteAsync($"/api/admin/oauth-clients/{grant.Client.ClientId}")).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));

        await (await Server.Admin.GetAsync($"/api/admin/oauth-clients/{grant.Client.ClientId}")).AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        var grants = await (await Server.Admin.GetAsync($"/api/admin/users/{grant.UserId}/oauth-grants")).ReadJsonAsync();
        Assert.That(grants.GetProperty("total").GetInt32(), Is.Zero);
        var refresh = await grant.Flow.RefreshAsync(grant.Client, grant.RefreshToken);
        Assert.That((int)refresh.StatusCode, Is.InRange(400, 401), await refresh.Content.ReadAsStringAsync());
        await (await Server.Admin.DeleteAsync($"/api/admin/oauth-clients/{grant.Client.ClientId}")).AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Test]
    public async Task A_users_grants_and_families_are_listed_and_a_family_can_be_revoked()
    {
        var grant = await NewGrantAsync(Server);
        var refreshed = await (await grant.Flow.RefreshAsync(grant.Client, grant.RefreshToken)).ReadJsonAsync();
        var current = refreshed.GetProperty("refresh_token").GetString()!;

        var grants = await (await Server.Admin.GetAsync($"/api/admin/users/{grant.UserId}/oauth-grants")).ReadJsonAsync();
        var only = grants.GetProperty("items")[0];
        Assert.Multiple(() =>
        {
            Assert.That(grants.GetProperty("total").GetInt32(), Is.EqualTo(1));
            Assert.That(only.GetProperty("clientId").GetString(), Is.EqualTo(grant.Client.ClientId));
            Assert.That(only.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()), Is.EquivalentTo(Scope.Split(' ')));
            Assert.That(only.GetProperty("activeRefreshTokens").GetInt32(), Is.EqualTo(1));
        });

        var family = await OnlyFamilyAsync(grant.UserId);
        Assert.Multiple(() =>
        {
            Assert.That(family.GetProperty("clientId").GetString(), Is.EqualTo(grant.Client.ClientId));
            Assert.That(family.GetProperty("tokens").GetInt32(), Is.EqualTo(2), "the first token and its rotation");
            Assert.That(family.GetProperty("active").GetBoolean(), Is.True);
            Assert.That(family.GetProperty("expiresAt").GetString(), Is.Not.Null);
        });

        var familyId = family.GetProperty("familyId").GetString();
        Assert.That((await Server.Admin.DeleteAsync($"/api/admin/users/{grant.UserId}/refresh-token-families/{familyId}")).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        var after = await OnlyFamilyAsync(grant.UserId);
        Assert.Multiple(() =>
        {
            Assert.That(after.GetProperty("active").GetBoolean(), Is.False);
            Assert.That(after.GetProperty("revokedAt").GetString(), Is.Not.Null);
        });
        var refresh = await grant.Flow.RefreshAsync(grant.Client, current);
        Assert.That(refresh.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), await refresh.Content.ReadAsStringAsync());

        await (await Server.Admin.DeleteAsync($"/api/admin/users/{Server.UserId}/refresh-token-families/{familyId}"))
            .AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND", "refresh token family not found");
        await (await Server.Admin.GetAsync("/api/admin/users/999999/oauth-grants")).AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Test]
    public async Task Revoking_a_grant_removes_the_consent_and_revokes_the_clients_refresh_tokens()
    {
        var grant = await NewGrantAsync(Server);
        Assert.That((await Server.Admin.DeleteAsync($"/api/admin/users/{grant.UserId}/oauth-grants/{grant.Client.ClientId}")).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));

        var grants = await (await Server.Admin.GetAsync($"/api/admin/users/{grant.UserId}/oauth-grants")).ReadJsonAsync();
        Assert.That(grants.GetProperty("total").GetInt32(), Is.Zero);
        Assert.That((await OnlyFamilyAsync(grant.UserId)).GetProperty("active").GetBoolean(), Is.False);
        var refresh = await grant.Flow.RefreshAsync(grant.Client, grant.RefreshToken);
        Assert.That(refresh.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        await (await Server.Admin.DeleteAsync($"/api/admin/users/{grant.UserId}/oauth-grants/{grant.Client.ClientId}"))
            .AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND", "grant not found");
    }

    [Test]
    public async Task Disabling_a_user_also_revokes_their_refresh_tokens()
    {
        var grant = await NewGrantAsync(Server);
        Assert.That((await Server.Admin.PostAsync($"/api/admin/users/{grant.UserId}/disable")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await OnlyFamilyAsync(grant.UserId)).GetProperty("active").GetBoolean(), Is.False);

        var audit = await (await Server.Owner.GetAsync($"/api/admin/audit-log?targetType=user&targetId={grant.UserId}&action=user.disable")).ReadJsonAsync();
        Assert.That(audit.GetProperty("items")[0].GetProperty("summary").GetProperty("refreshTokensRevoked").GetInt32(), Is.EqualTo(1));

        Assert.That((await Server.Admin.PostAsync($"/api/admin/users/{grant.UserId}/enable")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var refresh = await grant.Flow.RefreshAsync(grant.Client, grant.RefreshToken);
        Assert.That(refresh.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), "enabling does not bring revoked tokens back");
    }

    [Test]
    public async Task Signing_keys_are_listed_and_rotated_and_the_rotation_is_audited()
    {
        var before = await (await Server.Admin.GetAsync("/api/admin/signing-keys")).ReadJsonAsync();
        var rotated = await Server.Admin.PostAsync("/api/admin/signing-keys/rotate");
        var key = await rotated.ReadJsonAsync();
        Assert.That(rotated.StatusCode, Is.EqualTo(HttpStatusCode.OK), key.ToString());
        var kid = key.GetProperty("kid").GetString();

        var after = await (await Server.Admin.GetAsync("/api/admin/signing-keys")).ReadJsonAsync();
        Assert.Multiple(() =>
        {
            Assert.That(after.GetProperty("keys").GetArrayLength(), Is.EqualTo(before.GetProperty("keys").GetArrayLength() + 1));
            Assert.That(after.GetProperty("keys")[0].GetProperty("kid").GetString(), Is.EqualTo(kid));
            Assert.That(after.GetProperty("keys")[0].GetProperty("status").GetString(), Is.EqualTo("current"));
        });

        var audit = await (await Server.Owner.GetAsync($"/api/admin/audit-log?action=signing_key.rotate&targetId={kid}")).ReadJsonAsync();
        var entry = audit.GetProperty("items").EnumerateArray().Single();
        Assert.That(entry.GetProperty("actorUserId").GetInt32(), Is.EqualTo(Server.AdminId));
    }

    [Test]
    public async Task OAuth_admin_writes_are_audited()
    {
        var first = await NewGrantAsync(Server);
        var familyId = (await OnlyFamilyAsync(first.UserId)).GetProperty("familyId").GetString();
        await Server.Admin.DeleteAsync($"/api/admin/users/{first.UserId}/refresh-token-families/{familyId}");
        await Server.Admin.DeleteAsync($"/api/admin/users/{first.UserId}/oauth-grants/{first.Client.ClientId}");
        await Server.Admin.DeleteAsync($"/api/admin/oauth-clients/{first.Client.ClientId}");

        var userEntries = await (await Server.Owner.GetAsync($"/api/admin/audit-log?targetType=user&targetId={first.UserId}")).ReadJsonAsync();
        var actions = userEntries.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("action").GetString()).ToList();
        Assert.That(actions, Does.Contain("user.revoke_refresh_family").And.Contain("user.revoke_oauth_grant"));
        var clientEntries = await (await Server.Owner.GetAsync($"/api/admin/audit-log?targetType=oauth_client&targetId={first.Client.ClientId}")).ReadJsonAsync();
        Assert.That(clientEntries.GetProperty("items")[0].GetProperty("action").GetString(), Is.EqualTo("oauth_client.delete"));
    }
}
