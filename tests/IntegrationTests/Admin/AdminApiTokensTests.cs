using System.Net;
using Platform.IntegrationTests.Support;

namespace Platform.IntegrationTests.Admin;

/// <summary>
/// <c>/api/admin/users/{id}/api-tokens</c>: owners and admins list a user's personal API tokens (never
/// the tokens) and revoke one, audited; only an owner touches an owner's tokens (decision 0401).
/// </summary>
public sealed class AdminApiTokensTests
{
    private static AdminServer Server => AdminServer.Current;

    private static async Task<(int UserId, TestClient Client)> NewHolderAsync(string role = "user")
    {
        var email = AdminTest.UniqueEmail("holder");
        var id = await AdminTest.CreateUserAsync(Server.Owner, email, role);
        return (id, await AdminTest.SignInAsync(Server.App, email));
    }

    private static async Task<(long Id, string Token)> NewTokenAsync(TestClient client, string name)
    {
        var json = await (await client.PostJsonAsync("/api/me/tokens", new { name })).ReadJsonAsync();
        return (json.GetProperty("id").GetInt64(), json.GetProperty("token").GetString()!);
    }

    [Test]
    public async Task An_admin_lists_a_users_tokens_and_revokes_one_with_an_audit_entry()
    {
        var (userId, holder) = await NewHolderAsync();
        using var holderClient = holder;
        var (first, firstToken) = await NewTokenAsync(holder, "laptop");
        var (second, _) = await NewTokenAsync(holder, "desktop");

        var list = await Server.Admin.GetAsync($"/api/admin/users/{userId}/api-tokens");
        var page = await list.ReadJsonAsync();
        Assert.That(list.StatusCode, Is.EqualTo(HttpStatusCode.OK), page.ToString());
        Assert.That(page.GetProperty("total").GetInt32(), Is.EqualTo(2));
        var items = page.GetProperty("items");
        Assert.That(items[0].EnumerateObject().Select(p => p.Name), Is.EqualTo(new[] { "id", "userId", "name", "createdAt", "lastUsedAt", "revokedAt" }));
        Assert.That(items.EnumerateArray().Select(i => i.GetProperty("id").GetInt64()), Is.EqualTo(new[] { second, first }));
        Assert.That(page.ToString(), Does.Not.Contain(firstToken[3..]));

        Assert.That((await Server.Admin.DeleteAsync($"/api/admin/users/{userId}/api-tokens/{first}")).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        await (await Server.Admin.DeleteAsync($"/api/admin/users/{userId}/api-tokens/{first}")).AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await (await Server.Admin.DeleteAsync($"/api/admin/users/{userId}/api-tokens/999999999")).AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await (await Server.Admin.GetAsync("/api/admin/users/999999999/api-tokens")).AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");

        var after = (await (await Server.Admin.GetAsync($"/api/admin/users/{userId}/api-tokens")).ReadJsonAsync()).GetProperty("items");
        Assert.That(after[1].GetProperty("revokedAt").GetString(), Does.EndWith("Z"));
        var mine = (await (await holder.GetAsync("/api/me/tokens")).ReadJsonAsync()).GetProperty("items");
        Assert.That(mine[1].TryGetProperty("revokedAt", out _), Is.True, "the user sees the revocation too");

        var audit = await (await Server.Owner.GetAsync($"/api/admin/audit-log?action=user.revoke_api_token&targetType=user&targetId={userId}")).ReadJsonAsync();
        Assert.That(audit.GetProperty("items").GetArrayLength(), Is.EqualTo(1), audit.ToString());
        Assert.That(audit.GetProperty("items")[0].GetProperty("actorUserId").GetInt32(), Is.EqualTo(Server.AdminId));
        Assert.That(audit.GetProperty("items")[0].GetProperty("summary").GetProperty("tokenId").GetInt64(), Is.EqualTo(first));
    }

    [Test]
    public async Task Only_an_owner_revokes_an_owners_token()
    {
        var (ownerId, owner) = await NewHolderAsync("owner");
        using var ownerClient = owner;
        var (tokenId, _) = await NewTokenAsync(owner, "owner's");

        Assert.That((await Server.Admin.GetAsync($"/api/admin/users/{ownerId}/api-tokens")).StatusCode, Is.EqualTo(HttpStatusCode.OK), "admins may read");
        await (await Server.Admin.DeleteAsync($"/api/admin/users/{ownerId}/api-tokens/{tokenId}")).AssertProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        Assert.That((await Server.Owner.DeleteAsync($"/api/admin/users/{ownerId}/api-tokens/{tokenId}")).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
    }
}
