using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Platform.IntegrationTests.Boards.Support;
using Platform.IntegrationTests.Support;

namespace Platform.IntegrationTests.Boards;

/// <summary>
/// Personal API tokens on /mcp (envelope-dialect.md §4.2, §13.1): <c>Authorization: Bearer sb_…</c>
/// authenticates GET and POST as the token's user; a bearer attempt that fails is 401
/// <c>Authentication required</c> and never falls back to the session cookie; revoked tokens fail at
/// once on the node that revoked them.
/// </summary>
public sealed class ApiTokenEnvelopeTests : BoardsFixture
{
    /// <summary>A new token of <paramref name="client"/>'s user, through POST /api/me/tokens: (id, token).</summary>
    internal static async Task<(long Id, string Token)> NewTokenAsync(TestClient client, string? name = "cli")
    {
        var response = await client.PostJsonAsync("/api/me/tokens", name is null ? new { } : new { name });
        var json = await response.ReadJsonAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), json.ToString());
        return (json.GetProperty("id").GetInt64(), json.GetProperty("token").GetString()!);
    }

    private static async Task<McpResponse> WithTokenAsync(TestClient client, string token, string tool, object? input = null, params (string Name, string Value)[] headers) =>
        await PostEnvelopeAsync(client, System.Text.Json.JsonSerializer.Serialize(new { tool, input = input ?? new { } }), r =>
        {
            r.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token);
            foreach (var (name, value) in headers)
            {
                r.Headers.TryAddWithoutValidation(name, value);
            }
        });

    [Test]
    public async Task MCP_BearerTokenEndToEnd()
    {
        var slug = await NewProjectAsync(name: Unique("Bearer project"));
        var (id, token) = await NewTokenAsync(Owner);
        using var stateless = App.NewClient();

        var listed = (await WithTokenAsync(stateless, token, "projects.list")).AssertOk();
        Assert.That(listed.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("projectSlug").GetString()), Does.Contain(slug));

        var deleted = await Owner.SendRawAsync(HttpMethod.Delete, $"/api/me/tokens/{id}", null);
        Assert.That(deleted.StatusCode, Is.EqualTo(HttpStatusCode.NoContent), await deleted.Content.ReadAsStringAsync());

        (await WithTokenAsync(stateless, token, "projects.list")).AssertError(HttpStatusCode.Unauthorized, "AUTH_REQUIRED", "Authentication required", new { });
    }

    [Test]
    public async Task MCP_InvalidBearerDoesNotFallBackToSessionCookie_even_a_revoked_real_token()
    {
        var (id, token) = await NewTokenAsync(Owner);
        Assert.That((await Owner.SendRawAsync(HttpMethod.Delete, $"/api/me/tokens/{id}", null)).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));

        (await SendAsync(Owner, HttpMethod.Get, "/mcp", r => r.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token)))
            .AssertError(HttpStatusCode.Unauthorized, "AUTH_REQUIRED", "Authentication required", new { });
        (await WithTokenAsync(Owner, token, "projects.list")).AssertError(HttpStatusCode.Unauthorized, "AUTH_REQUIRED", "Authentication required", new { });
        (await CallAsync(Owner, "projects.list")).AssertOk();
    }

    [Test]
    public async Task The_token_is_its_user_on_get_and_post_whatever_cookie_comes_along()
    {
        var (member, _) = await NewUserAsync("Token holder");
        var mine = await NewProjectAsync(member, Unique("Mine"));
        var owners = await NewProjectAsync(name: Unique("Owner's"));
        var (_, token) = await NewTokenAsync(member);

        var capabilities = (await SendAsync(Owner, HttpMethod.Get, "/mcp", r => r.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token))).AssertOk();
        Assert.That(capabilities.GetProperty("auth").GetProperty("authenticated").GetBoolean(), Is.True);
        Assert.That(capabilities.GetProperty("auth").GetProperty("mode").GetString(), Is.EqualTo("sessionCookie"));

        // Sent with the owner's cookie: the token decides who calls.
        var slugs = (await WithTokenAsync(Owner, token, "projects.list")).AssertOk()
            .GetProperty("items").EnumerateArray().Select(p => p.GetProperty("projectSlug").GetString()).ToList();
        Assert.That(slugs, Does.Contain(mine).And.Not.Contain(owners));

        var todo = (await WithTokenAsync(Owner, token, "todos.create", new { projectSlug = mine, title = "via token" })).AssertOk().GetProperty("todo");
        Assert.That(todo.GetProperty("title").GetString(), Is.EqualTo("via token"));
        (await WithTokenAsync(Owner, token, "board.get", new { projectSlug = owners })).AssertError(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [TestCase("bearer {0}")]
    [TestCase("BEARER   {0}  ")]
    [TestCase("  Bearer {0}")]
    public async Task The_scheme_is_case_insensitive_and_the_value_trimmed(string format)
    {
        var (_, token) = await NewTokenAsync(Owner);
        using var stateless = App.NewClient();
        var header = string.Format(System.Globalization.CultureInfo.InvariantCulture, format, token);

        var response = await PostEnvelopeAsync(stateless, "{\"tool\":\"projects.list\"}", r => r.Headers.TryAddWithoutValidation("Authorization", header));

        response.AssertOk();
    }

    [Test]
    public async Task A_token_with_one_character_changed_or_cut_short_fails()
    {
        var (_, token) = await NewTokenAsync(Owner);
        using var stateless = App.NewClient();
        var changed = token[..^1] + (token[^1] == 'A' ? 'B' : 'A');

        foreach (var attempt in new[] { changed, token[..^1], token + "A", token.ToUpperInvariant(), "sb_" + token, token[3..] })
        {
            (await WithTokenAsync(stateless, attempt, "projects.list")).AssertError(HttpStatusCode.Unauthorized, "AUTH_REQUIRED", "Authentication required", new { });
        }

        (await WithTokenAsync(stateless, token, "projects.list")).AssertOk();
    }

    [Test]
    public async Task A_bearer_post_is_not_subject_to_the_cross_origin_cookie_rule()
    {
        // Decision 0500 is about the ambient cookie; an Authorization header is never sent by a browser on its own.
        var slug = await NewProjectAsync();
        var (_, token) = await NewTokenAsync(Owner);

        var response = await WithTokenAsync(Owner, token, "todos.create", new { projectSlug = slug, title = "cross-origin bearer" },
            ("Origin", "http://127.0.0.1:1"), ("Sec-Fetch-Site", "cross-site"));

        response.AssertOk();
    }

    [Test]
    public async Task A_disabled_users_token_fails_at_once_on_this_node_and_stays_revoked_after_enabling()
    {
        var (member, userId) = await NewUserAsync();
        var (_, token) = await NewTokenAsync(member);
        using var stateless = App.NewClient();
        (await WithTokenAsync(stateless, token, "projects.list")).AssertOk();

        Assert.That((await Owner.SendRawAsync(HttpMethod.Post, $"/api/admin/users/{userId}/disable", null)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        (await WithTokenAsync(stateless, token, "projects.list")).AssertError(HttpStatusCode.Unauthorized, "AUTH_REQUIRED", "Authentication required", new { });

        Assert.That((await Owner.SendRawAsync(HttpMethod.Post, $"/api/admin/users/{userId}/enable", null)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        (await WithTokenAsync(stateless, token, "projects.list")).AssertError(HttpStatusCode.Unauthorized, "AUTH_REQUIRED", "Authentication required", new { });
    }

    [Test]
    public async Task Use_is_recorded_in_last_used_at_at_most_once_a_minute()
    {
        var (_, token) = await NewTokenAsync(Owner, "usage");
        using var stateless = App.NewClient();
        var before = (await (await Owner.GetAsync("/api/me/tokens")).ReadJsonAsync()).GetProperty("items")[0];
        Assert.That(before.TryGetProperty("lastUsedAt", out _), Is.False);

        (await WithTokenAsync(stateless, token, "projects.list")).AssertOk();
        var first = (await (await Owner.GetAsync("/api/me/tokens")).ReadJsonAsync()).GetProperty("items")[0].GetProperty("lastUsedAt").GetString();
        (await WithTokenAsync(stateless, token, "projects.list")).AssertOk();
        (await SendAsync(stateless, HttpMethod.Get, "/mcp", r => r.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token))).AssertOk();
        var second = (await (await Owner.GetAsync("/api/me/tokens")).ReadJsonAsync()).GetProperty("items")[0].GetProperty("lastUsedAt").GetString();

        Assert.That(first, Is.Not.Null.And.EndsWith("Z"));
        Assert.That(second, Is.EqualTo(first), "no write per request");
    }

    [Test]
    public async Task Api_routes_take_the_cookie_only_so_a_token_cannot_mint_or_list_tokens()
    {
        var (_, token) = await NewTokenAsync(Owner);
        using var stateless = App.NewClient();
        stateless.Http.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "Bearer " + token);

        await (await stateless.GetAsync("/api/me/tokens")).AssertApiErrorAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED", "unauthorized");
        await (await stateless.PostJsonAsync("/api/me/tokens", new { name = "minted" })).AssertApiErrorAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        await (await stateless.GetAsync("/api/me")).AssertApiErrorAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
    }

    [Test]
    public async Task Only_the_hash_is_stored()
    {
        var (id, token) = await NewTokenAsync(Owner);

        await using var db = App.CreateDbContext();
        var stored = await db.ApiTokens.SingleAsync(t => t.Id == id);
        Assert.That(stored.TokenHash, Is.EqualTo(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(token))));
        var everything = string.Join("|", await db.ApiTokens.Select(t => t.Name).ToListAsync());
        Assert.That(everything, Does.Not.Contain(token[3..]));
    }
}
