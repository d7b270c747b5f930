using System.Diagnostics;
using System.Net;
using System.Text;
using Platform.IntegrationTests.Support;

namespace Platform.IntegrationTests.Identity;

/// <summary>
/// Personal API tokens and the one revocation mechanism (decision 0302), on two nodes sharing one
/// database: each node remembers a token it has seen, so these tests first use the token on both.
/// Disabling the user or resetting their password refuses it within 5 s on every node (and
/// re-enabling does not revive it); revoking one token (its user or an admin) refuses it at once on
/// the node that revoked it and within 5 s on the other, and leaves the user's other tokens alone.
/// </summary>
public sealed class ApiTokenRevocationTests
{
    private static async Task<HttpStatusCode> ProjectsListAsync(PlatformApp node, string token)
    {
        using var http = node.NewClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/mcp")
        {
            Content = new StringContent("{\"tool\":\"projects.list\",\"input\":{}}", Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token);
        return (await http.Http.SendAsync(request)).StatusCode;
    }

    private static async Task<(long Id, string Token)> NewTokenAsync(TestClient client, string name = "cli")
    {
        var response = await client.PostJsonAsync("/api/me/tokens", new { name });
        var json = await response.ReadJsonAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), json.ToString());
        return (json.GetProperty("id").GetInt64(), json.GetProperty("token").GetString()!);
    }

    /// <summary>How long until <paramref name="token"/> is refused on <paramref name="node"/> (fails the test after 5 s).</summary>
    private static async Task<TimeSpan> RefusedWithinAsync(PlatformApp node, string token)
    {
        var watch = Stopwatch.StartNew();
        while (await ProjectsListAsync(node, token) != HttpStatusCode.Unauthorized)
        {
            Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(5)), "still accepted after 5 s");
            await Task.Delay(100);
        }

        return watch.Elapsed;
    }

    private static async Task UsedOnBothAsync(PlatformApp first, PlatformApp second, params string[] tokens)
    {
        foreach (var token in tokens)
        {
            Assert.That(await ProjectsListAsync(first, token), Is.EqualTo(HttpStatusCode.OK));
            Assert.That(await ProjectsListAsync(second, token), Is.EqualTo(HttpStatusCode.OK));
        }
    }

    [Test]
    public async Task Disable_refuses_the_users_tokens_on_every_node_within_5_s_and_enable_does_not_revive_them()
    {
        using var first = new PlatformApp();
        using var owner = await first.BootstrapAsync();
        using var second = new PlatformApp(connectionString: first.ConnectionString);
        var email = $"disable-{Guid.NewGuid():N}@example.com";
        var (user, userId) = await first.CreateUserAsync(owner, email);
        var (bystanderClient, _) = await first.CreateUserAsync(owner, $"bystander-{Guid.NewGuid():N}@example.com");
        var (_, token) = await NewTokenAsync(user);
        var (_, bystander) = await NewTokenAsync(bystanderClient);
        await UsedOnBothAsync(first, second, token, bystander);

        Assert.That((await owner.SendRawAsync(HttpMethod.Post, $"/api/admin/users/{userId}/disable", null)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        await RefusedWithinAsync(second, token);
        await RefusedWithinAsync(first, token);

        Assert.That((await owner.SendRawAsync(HttpMethod.Post, $"/api/admin/users/{userId}/enable", null)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.That(await ProjectsListAsync(second, token), Is.EqualTo(HttpStatusCode.Unauthorized), "re-enabling does not revive the old token");
        Assert.That(await ProjectsListAsync(first, token), Is.EqualTo(HttpStatusCode.Unauthorized), "re-enabling does not revive the old token");
        Assert.That(await ProjectsListAsync(second, bystander), Is.EqualTo(HttpStatusCode.OK), "other users' tokens are untouched");

        using var signedInAgain = first.NewClient();
        Assert.That((await signedInAgain.PostJsonAsync("/api/auth/login", new { email, password = "password123" })).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var (_, fresh) = await NewTokenAsync(signedInAgain);
        Assert.That(await ProjectsListAsync(second, fresh), Is.EqualTo(HttpStatusCode.OK), "a token made after the enable works");
        user.Dispose();
        bystanderClient.Dispose();
    }

    [Test]
    public async Task A_password_reset_refuses_the_users_tokens_on_every_node_within_5_s()
    {
        using var first = new PlatformApp();
        using var owner = await first.BootstrapAsync();
        using var second = new PlatformApp(connectionString: first.ConnectionString);
        var (user, userId) = await first.CreateUserAsync(owner, $"reset-{Guid.NewGuid():N}@example.com");
        var (_, one) = await NewTokenAsync(user, "one");
        var (_, two) = await NewTokenAsync(user, "two");
        await UsedOnBothAsync(first, second, one, two);

        var reset = await owner.PostJsonAsync($"/api/admin/users/{userId}/password", new { password = "a-brand-new-password" });
        Assert.That((int)reset.StatusCode, Is.LessThan(300), await reset.Content.ReadAsStringAsync());

        await RefusedWithinAsync(second, one);
        await RefusedWithinAsync(second, two);
        Assert.That(await ProjectsListAsync(first, one), Is.EqualTo(HttpStatusCode.Unauthorized), "the node that reset refuses at once");
        user.Dispose();
    }

    [Test]
    public async Task Revoking_one_token_refuses_it_at_once_here_and_within_5_s_on_the_other_node_and_spares_the_rest()
    {
        using var first = new PlatformApp();
        using var owner = await first.BootstrapAsync();
        using var second = new PlatformApp(connectionString: first.ConnectionString);
        var (user, userId) = await first.CreateUserAsync(owner, $"revoke-{Guid.NewGuid():N}@example.com");
        var (ownId, own) = await NewTokenAsync(user, "revoked by its user");
        var (adminId, byAdmin) = await NewTokenAsync(user, "revoked by an admin");
        var (_, kept) = await NewTokenAsync(user, "kept");
        await UsedOnBothAsync(first, second, own, byAdmin, kept);

        Assert.That((await user.SendRawAsync(HttpMethod.Delete, $"/api/me/tokens/{ownId}", null)).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(await ProjectsListAsync(first, own), Is.EqualTo(HttpStatusCode.Unauthorized), "at once on the node that revoked it");
        await RefusedWithinAsync(second, own);

        Assert.That((await owner.SendRawAsync(HttpMethod.Delete, $"/api/admin/users/{userId}/api-tokens/{adminId}", null)).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(await ProjectsListAsync(first, byAdmin), Is.EqualTo(HttpStatusCode.Unauthorized), "at once on the node that revoked it");
        await RefusedWithinAsync(second, byAdmin);

        Assert.That(await ProjectsListAsync(first, kept), Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await ProjectsListAsync(second, kept), Is.EqualTo(HttpStatusCode.OK));
        user.Dispose();
    }
}
