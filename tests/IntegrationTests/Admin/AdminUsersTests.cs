using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Platform.IntegrationTests.Support;

namespace Platform.IntegrationTests.Admin;

/// <summary>The users part of the admin API on the shared admin server (each test makes its own users).</summary>
public sealed class AdminUsersTests
{
    private static AdminServer Server => AdminServer.Current;

    [Test]
    public async Task Create_user_answers_201_with_the_user_json_and_a_location_that_resolves()
    {
        var email = AdminTest.UniqueEmail("Create").ToUpperInvariant();
        var response = await Server.Admin.PostJsonAsync("/api/admin/users", new { email = "  " + email + " ", password = AdminTest.Password, name = " Ada ", systemRole = "admin" });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        var created = await response.ReadJsonAsync();
        var id = created.GetProperty("id").GetInt32();

        Assert.Multiple(() =>
        {
            Assert.That(response.Headers.Location?.OriginalString, Is.EqualTo($"/api/admin/users/{id}"));
            Assert.That(created.EnumerateObject().Select(p => p.Name),
                Is.EqualTo(new[] { "id", "email", "name", "image", "isBootstrap", "systemRole", "createdAt", "twoFactorEnabled" }), "the userJSON contract");
            Assert.That(created.GetProperty("email").GetString(), Is.EqualTo(email.ToLowerInvariant()));
            Assert.That(created.GetProperty("name").GetString(), Is.EqualTo("Ada"));
            Assert.That(created.GetProperty("systemRole").GetString(), Is.EqualTo("admin"));
        });

        var fetched = await (await Server.Owner.GetAsync(response.Headers.Location!.OriginalString)).ReadJsonAsync();
        Assert.Multiple(() =>
        {
            Assert.That(fetched.GetProperty("id").GetInt32(), Is.EqualTo(id));
            Assert.That(fetched.GetProperty("disabled").GetBoolean(), Is.False);
            Assert.That(fetched.GetProperty("activeSessions").GetInt32(), Is.Zero);
        });
    }

    [Test]
    public async Task Create_user_with_a_taken_email_is_a_conflict()
    {
        var email = AdminTest.UniqueEmail("dup");
        await AdminTest.CreateUserAsync(Server.Owner, email);
        var response = await Server.Admin.PostJsonAsync("/api/admin/users", new { email = email.ToUpperInvariant(), password = AdminTest.Password, name = "Again" });
        await response.AssertProblemAsync(HttpStatusCode.Conflict, "CONFLICT", "conflict: email already in use");
    }

    [Test]
    public async Task Only_an_owner_creates_an_owner()
    {
        var response = await Server.Admin.PostJsonAsync("/api/admin/users", new { email = AdminTest.UniqueEmail("o"), password = AdminTest.Password, name = "O", systemRole = "owner" });
        await response.AssertProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN", "only an owner can create another owner");
    }

    [Test]
    public async Task Create_user_rejects_invalid_input_with_validation_problems()
    {
        var shortPassword = await Server.Owner.PostJsonAsync("/api/admin/users", new { email = AdminTest.UniqueEmail("v"), password = "short", name = "V" });
        await shortPassword.AssertProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "validation: password too short");
        var unknownField = await Server.Owner.PostJsonAsync("/api/admin/users", new { email = AdminTest.UniqueEmail("v"), password = AdminTest.Password, name = "V", admin = true });
        await unknownField.AssertProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "invalid json");
    }

    [Test]
    public async Task List_users_searches_email_and_name_and_pages_with_a_total()
    {
        var marker = Guid.NewGuid().ToString("N")[..10];
        for (var i = 0; i < 3; i++)
        {
            await AdminTest.CreateUserAsync(Server.Owner, $"{marker}-{i}@example.com");
        }

        await AdminTest.CreateUserAsync(Server.Owner, AdminTest.UniqueEmail("other"), name: $"Named {marker.ToUpperInvariant()}");

        var first = await (await Server.Admin.GetAsync($"/api/admin/users?search={marker}&pageSize=3")).ReadJsonAsync();
        var second = await (await Server.Admin.GetAsync($"/api/admin/users?search={marker}&pageSize=3&page=2")).ReadJsonAsync();
        Assert.Multiple(() =>
        {
            Assert.That(first.GetProperty("total").GetInt32(), Is.EqualTo(4));
            Assert.That(first.GetProperty("page").GetInt32(), Is.EqualTo(1));
            Assert.That(first.GetProperty("pageSize").GetInt32(), Is.EqualTo(3));
            Assert.That(first.GetProperty("items").GetArrayLength(), Is.EqualTo(3));
            Assert.That(second.GetProperty("items").GetArrayLength(), Is.EqualTo(1));
            Assert.That(second.GetProperty("items")[0].GetProperty("name").GetString(), Is.EqualTo($"Named {marker.ToUpperInvariant()}"));
        });
        var ids = first.GetProperty("items").EnumerateArray().Concat(second.GetProperty("items").EnumerateArray()).Select(u => u.GetProperty("id").GetInt32()).ToList();
        Assert.That(ids, Is.Ordered.And.Unique);
    }

    [Test]
    public async Task List_users_filters_by_role_and_disabled_state()
    {
        var marker = Guid.NewGuid().ToString("N")[..10];
        var admin = await AdminTest.CreateUserAsync(Server.Owner, $"{marker}-a@example.com", "admin");
        var disabled = await AdminTest.CreateUserAsync(Server.Owner, $"{marker}-d@example.com");
        await AdminTest.CreateUserAsync(Server.Owner, $"{marker}-u@example.com");
        Assert.That((await Server.Owner.PostAsync($"/api/admin/users/{disabled}/disable")).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        var admins = await (await Server.Owner.GetAsync($"/api/admin/users?search={marker}&systemRole=admin")).ReadJsonAsync();
        var disabledOnes = await (await Server.Owner.GetAsync($"/api/admin/users?search={marker}&disabled=true")).ReadJsonAsync();
        Assert.Multiple(() =>
        {
            Assert.That(admins.GetProperty("items").EnumerateArray().Select(u => u.GetProperty("id").GetInt32()), Is.EqualTo(new[] { admin }));
            Assert.That(disabledOnes.GetProperty("items").EnumerateArray().Select(u => u.GetProperty("id").GetInt32()), Is.EqualTo(new[] { disabled }));
        });
    }

    [TestCase("page=0", "page")]
    [TestCase("pageSize=201", "pageSize")]
    [TestCase("systemRole=root", "systemRole")]
    public async Task List_users_rejects_bad_paging_and_filters(string query, string field)
    {
        var problem = await (await Server.Owner.GetAsync("/api/admin/users?" + query)).AssertProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.That(problem.GetProperty("error").GetProperty("details").GetProperty("field").GetString(), Is.EqualTo(field));
    }

    [TestCase("page=abc")]
    [TestCase("disabled=maybe")]
    public async Task Parameters_of_the_wrong_type_are_validation_problems_not_server_errors(string query) =>
        await (await Server.Owner.GetAsync("/api/admin/users?" + query)).AssertProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR");

    [TestCase("/api/admin/users/999999")]
    [TestCase("/api/admin/users/999999/sessions")]
    public async Task Unknown_user_ids_are_404(string path) =>
        await (await Server.Admin.GetAsync(path)).AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");

    [Test]
    public async Task Writes_on_unknown_users_are_404()
    {
        await (await Server.Owner.PatchJsonAsync("/api/admin/users/999999", new { name = "X" })).AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND", "user not found");
        await (await Server.Owner.PostAsync("/api/admin/users/999999/disable")).AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await (await Server.Owner.DeleteAsync("/api/admin/users/999999/sessions/1")).AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Test]
    public async Task Update_user_renames_and_changes_the_role()
    {
        var id = await AdminTest.CreateUserAsync(Server.Owner, AdminTest.UniqueEmail("upd"));
        var response = await Server.Admin.PatchJsonAsync($"/api/admin/users/{id}", new { name = "  New Name ", systemRole = "admin" });
        var json = await response.ReadJsonAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), json.ToString());
        Assert.Multiple(() =>
        {
            Assert.That(json.GetProperty("name").GetString(), Is.EqualTo("New Name"));
            Assert.That(json.GetProperty("systemRole").GetString(), Is.EqualTo("admin"));
        });

        await using var db = Server.App.CreateDbContext();
        var stored = await db.Users.SingleAsync(u => u.Id == id);
        Assert.That((stored.Name, stored.SystemRole), Is.EqualTo(("New Name", Platform.Domain.Identity.SystemRole.Admin)));
    }

    [Test]
    public async Task Update_user_validates_its_body()
    {
        var id = await AdminTest.CreateUserAsync(Server.Owner, AdminTest.UniqueEmail("updv"));
        await (await Server.Owner.PatchJsonAsync($"/api/admin/users/{id}", new { })).AssertProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        await (await Server.Owner.PatchJsonAsync($"/api/admin/users/{id}", new { name = "  " })).AssertProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "validation: invalid name");
        await (await Server.Owner.PatchJsonAsync($"/api/admin/users/{id}", new { systemRole = "root" })).AssertProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "validation: invalid systemRole");
    }

    [Test]
    public async Task Admins_cannot_promote_to_owner_nor_manage_owners()
    {
        var user = await AdminTest.CreateUserAsync(Server.Owner, AdminTest.UniqueEmail("promote"));
        var owner = await AdminTest.CreateUserAsync(Server.Owner, AdminTest.UniqueEmail("owner2"), "owner");

        await (await Server.Admin.PatchJsonAsync($"/api/admin/users/{user}", new { systemRole = "owner" }))
            .AssertProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN", "only an owner can make another owner");
        await (await Server.Admin.PatchJsonAsync($"/api/admin/users/{owner}", new { name = "Hijack" }))
            .AssertProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN", "only an owner can manage an owner");
        await (await Server.Admin.PostJsonAsync($"/api/admin/users/{owner}/password", new { password = "taken over!" }))
            .AssertProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        await (await Server.Admin.PostAsync($"/api/admin/users/{owner}/disable")).AssertProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN");

        // An owner may do all of it.
        Assert.That((await Server.Owner.PatchJsonAsync($"/api/admin/users/{user}", new { systemRole = "owner" })).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await Server.Owner.PatchJsonAsync($"/api/admin/users/{owner}", new { systemRole = "user" })).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Disabling_a_user_ends_their_sessions_and_blocks_sign_in_until_enabled()
    {
        var email = AdminTest.UniqueEmail("dis");
        var id = await AdminTest.CreateUserAsync(Server.Owner, email);
        using var target = await AdminTest.SignInAsync(Server.App, email);
        Assert.That((await target.GetAsync("/api/me")).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        var disabled = await Server.Admin.PostAsync($"/api/admin/users/{id}/disable");
        var json = await disabled.ReadJsonAsync();
        Assert.Multiple(() =>
        {
            Assert.That(disabled.StatusCode, Is.EqualTo(HttpStatusCode.OK), json.ToString());
            Assert.That(json.GetProperty("disabled").GetBoolean(), Is.True);
            Assert.That(json.GetProperty("disabledAt").GetString(), Is.Not.Null);
            Assert.That(json.GetProperty("activeSessions").GetInt32(), Is.Zero);
        });
        Assert.That((await target.GetAsync("/api/me")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "the session ended");
        var login = await Server.App.NewClient().PostJsonAsync("/api/auth/login", new { email, password = AdminTest.Password });
        Assert.That(login.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "a disabled user cannot sign in");
        await using (var db = Server.App.CreateDbContext())
        {
            Assert.That(await db.Sessions.CountAsync(s => s.UserId == id), Is.Zero);
        }

        var enabled = await (await Server.Admin.PostAsync($"/api/admin/users/{id}/enable")).ReadJsonAsync();
        Assert.That(enabled.GetProperty("disabled").GetBoolean(), Is.False);
        using var again = await AdminTest.SignInAsync(Server.App, email);
        Assert.That((await again.GetAsync("/api/me")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Nobody_disables_their_own_account()
    {
        var problem = await (await Server.Admin.PostAsync($"/api/admin/users/{Server.AdminId}/disable")).AssertProblemAsync(HttpStatusCode.Conflict, "CONFLICT");
        Assert.That(problem.GetProperty("error").GetProperty("details").GetProperty("reason").GetString(), Is.EqualTo("self"));
    }

    [Test]
    public async Task Reset_password_replaces_the_password_and_signs_the_user_out_everywhere()
    {
        var email = AdminTest.UniqueEmail("reset");
        var id = await AdminTest.CreateUserAsync(Server.Owner, email);
        using var target = await AdminTest.SignInAsync(Server.App, email);

        var reset = await Server.Admin.PostJsonAsync($"/api/admin/users/{id}/password", new { password = "  brand new secret  " });
        Assert.That(reset.StatusCode, Is.EqualTo(HttpStatusCode.NoContent), await reset.Content.ReadAsStringAsync());
        Assert.That((await target.GetAsync("/api/me")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        var oldLogin = await Server.App.NewClient().PostJsonAsync("/api/auth/login", new { email, password = AdminTest.Password });
        Assert.That(oldLogin.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        using var renewed = await AdminTest.SignInAsync(Server.App, email, "brand new secret");

        await (await Server.Admin.PostJsonAsync($"/api/admin/users/{id}/password", new { password = "short" }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "validation: password too short");
    }

    [Test]
    public async Task Sessions_are_listed_and_revoked_one_by_one_or_all_at_once()
    {
        var email = AdminTest.UniqueEmail("sess");
        var id = await AdminTest.CreateUserAsync(Server.Owner, email);
        using var laptop = await AdminTest.SignInAsync(Server.App, email);
        using var phone = await AdminTest.SignInAsync(Server.App, email);
        using var tablet = await AdminTest.SignInAsync(Server.App, email);

        var list = await (await Server.Admin.GetAsync($"/api/admin/users/{id}/sessions")).ReadJsonAsync();
        Assert.That(list.GetProperty("total").GetInt32(), Is.EqualTo(3));
        var item = list.GetProperty("items")[0];
        Assert.Multiple(() =>
        {
            Assert.That(item.GetProperty("userId").GetInt32(), Is.EqualTo(id));
            Assert.That(item.GetProperty("ipAddress").GetString(), Does.StartWith("198.1"), "the client IP the session was started from");
            Assert.That(item.TryGetProperty("tokenHash", out _), Is.False, "never the token or its hash");
        });

        // Revoking one session signs out exactly one of the three clients.
        var sessionIds = list.GetProperty("items").EnumerateArray().Select(s => s.GetProperty("id").GetInt64()).ToList();
        var revoke = await Server.Admin.DeleteAsync($"/api/admin/users/{id}/sessions/{sessionIds[0]}");
        Assert.That(revoke.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        var signedIn = 0;
        foreach (var client in new[] { laptop, phone, tablet })
        {
            signedIn += (await client.GetAsync("/api/me")).StatusCode == HttpStatusCode.OK ? 1 : 0;
        }

        Assert.That(signedIn, Is.EqualTo(2), "exactly one session ended");
        await (await Server.Admin.DeleteAsync($"/api/admin/users/{id}/sessions/{sessionIds[0]}")).AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND", "session not found");
        await (await Server.Admin.DeleteAsync($"/api/admin/users/{Server.UserId}/sessions/{sessionIds[1]}"))
            .AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND", "session not found");

        Assert.That((await Server.Admin.DeleteAsync($"/api/admin/users/{id}/sessions")).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        foreach (var client in new[] { laptop, phone, tablet })
        {
            Assert.That((await client.GetAsync("/api/me")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        }

        var after = await (await Server.Admin.GetAsync($"/api/admin/users/{id}/sessions")).ReadJsonAsync();
        Assert.That(after.GetProperty("total").GetInt32(), Is.Zero);
    }

    [Test]
    public async Task Get_user_shows_activity_of_live_sessions()
    {
        var email = AdminTest.UniqueEmail("act");
        var id = await AdminTest.CreateUserAsync(Server.Owner, email);
        using var _ = await AdminTest.SignInAsync(Server.App, email);
        var json = await (await Server.Admin.GetAsync($"/api/admin/users/{id}")).ReadJsonAsync();
        Assert.Multiple(() =>
        {
            Assert.That(json.GetProperty("activeSessions").GetInt32(), Is.EqualTo(1));
            Assert.That(json.GetProperty("lastSeenAt").ValueKind, Is.EqualTo(JsonValueKind.String));
        });
    }
}
