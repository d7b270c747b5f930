using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Platform.Infrastructure.RateLimiting;
using Platform.IntegrationTests.Support;

namespace Platform.IntegrationTests.McpJsonRpc;

/// <summary>
/// Tool-call rate limits on /api/mcp (decision 0212), real HTTP and PostgreSQL: 429 with Retry-After
/// and JSON-RPC -32000 (data.retryAfter) past the limit; per user and per client; only tools/call
/// counts; two nodes on one database enforce the limits together, within the documented overshoot.
/// </summary>
public sealed class ToolCallRateLimitTests
{
    private const int PerUser = 5;
    private const int PerClient = 8;

    // One hour: no window boundary (and its sliding estimate) falls inside a test.
    private static readonly Dictionary<string, string?> Limits = new()
    {
        ["Mcp:ToolCallLimits:PerUser"] = PerUser.ToString(CultureInfo.InvariantCulture),
        ["Mcp:ToolCallLimits:PerClient"] = PerClient.ToString(CultureInfo.InvariantCulture),
        ["Mcp:ToolCallLimits:Window"] = "01:00:00",
    };

    private McpTestHost _host = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => _host = await McpTestHost.StartAsync(Limits);

    [OneTimeTearDown]
    public async Task StopAsync() => await _host.DisposeAsync();

    /// <summary>A token of <paramref name="userId"/> issued to the OAuth client <paramref name="clientId"/>.</summary>
    private string Token(int userId, string clientId)
    {
        var claims = _host.Issuer.Claims(userId);
        claims["client_id"] = clientId;
        claims["azp"] = clientId;
        return _host.Issuer.Sign(claims);
    }

    private static string NewClient() => McpTestHost.Unique("client");

    private static Task<HttpResponseMessage> CallAsync(McpTestHost host, string token, int id = 1) =>
        host.PostAsync(McpTestHost.ToolCall("list_organizations", id: id), token);

    private static Task<HttpResponseMessage> CallAsync(HttpClient http, string token)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/mcp")
        {
            Content = new StringContent(McpTestHost.ToolCall("list_organizations"), System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("Accept", "application/json, text/event-stream");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return http.SendAsync(request);
    }

    private async Task AssertAllowedAsync(string token, int times)
    {
        for (var i = 0; i < times; i++)
        {
            var response = await CallAsync(_host, token);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"call {i + 1}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    private static async Task<JsonElement> AssertRefusedAsync(HttpResponseMessage response, string scope)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests), text);
        var json = JsonDocument.Parse(text).RootElement.Clone();
        var error = json.GetProperty("error");
        Assert.That(error.GetProperty("code").GetInt32(), Is.EqualTo(-32000));
        Assert.That(error.GetProperty("data").GetProperty("scope").GetString(), Is.EqualTo(scope));
        return json;
    }

    [Test]
    public async Task A_user_past_the_limit_gets_429_with_retry_after_and_a_json_rpc_error_saying_when()
    {
        var userId = await _host.CreateUserAsync();
        var token = Token(userId, NewClient());
        await AssertAllowedAsync(token, PerUser);

        var refused = await CallAsync(_host, token, id: 42);

        var json = await AssertRefusedAsync(refused, "user");
        var retryAfter = int.Parse(refused.Headers.GetValues("Retry-After").Single(), CultureInfo.InvariantCulture);
        var error = json.GetProperty("error");
        Assert.That(retryAfter, Is.InRange(1, 2 * 3600));
        Assert.That(error.GetProperty("data").GetProperty("retryAfter").GetInt32(), Is.EqualTo(retryAfter));
        Assert.That(error.GetProperty("message").GetString(), Does.Contain($"retry in {retryAfter} s").And.Contain("limit of 5 calls per hour"));
        Assert.That(json.GetProperty("id").GetInt32(), Is.EqualTo(42));
        Assert.That(json.GetProperty("jsonrpc").GetString(), Is.EqualTo("2.0"));
    }

    [Test]
    public async Task Other_users_and_other_clients_are_unaffected()
    {
        var client = NewClient();
        var limited = Token(await _host.CreateUserAsync(), client);
        await AssertAllowedAsync(limited, PerUser);
        await AssertRefusedAsync(await CallAsync(_host, limited), "user");
        await AssertRefusedAsync(await CallAsync(_host, limited), "user");

        // The refused calls did not use up the client's budget (8): another user of it still gets 3.
        await AssertAllowedAsync(Token(await _host.CreateUserAsync(), client), PerClient - PerUser);
        await AssertAllowedAsync(Token(await _host.CreateUserAsync(), NewClient()), 1);
    }

    [Test]
    public async Task A_client_is_limited_across_its_users()
    {
        var client = NewClient();
        await AssertAllowedAsync(Token(await _host.CreateUserAsync(), client), 4);
        await AssertAllowedAsync(Token(await _host.CreateUserAsync(), client), PerClient - 4);
        var third = await _host.CreateUserAsync();

        var refused = await CallAsync(_host, Token(third, client));

        var json = await AssertRefusedAsync(refused, "client");
        Assert.That(json.GetProperty("error").GetProperty("message").GetString(), Does.Contain("client's limit of 8"));
        Assert.That(refused.Headers.Contains("Retry-After"), Is.True);
        await AssertAllowedAsync(Token(third, NewClient()), 1);
    }

    [Test]
    public async Task Only_tools_call_counts()
    {
        var token = Token(await _host.CreateUserAsync(), NewClient());
        for (var i = 0; i < 3 * PerUser; i++)
        {
            var list = await _host.PostAsync(McpTestHost.ToolsList, token);
            Assert.That(list.StatusCode, Is.EqualTo(HttpStatusCode.OK), await list.Content.ReadAsStringAsync());
        }

        await AssertAllowedAsync(token, PerUser);
        await AssertRefusedAsync(await CallAsync(_host, token), "user");

        var after = await _host.PostAsync(McpTestHost.ToolsList, token);
        Assert.That(after.StatusCode, Is.EqualTo(HttpStatusCode.OK), "a limited user still lists the tools");
    }

    [Test]
    public async Task Two_nodes_sharing_the_database_enforce_the_limit_together()
    {
        var settings = new Dictionary<string, string?>(Limits) { ["BETTER_AUTH_URL"] = _host.Issuer.BaseUrl };
        using var second = new PlatformApp(settings: settings, connectionString: _host.App.ConnectionString);
        using var secondHttp = new HttpClient { BaseAddress = second.BaseAddress };
        var userId = await _host.CreateUserAsync();
        var token = Token(userId, NewClient());

        await AssertAllowedAsync(token, 3);
        Assert.That((await CallAsync(secondHttp, token)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        await WaitForStoredHitsAsync(userId, 4); // both nodes have written their hits and read back the total

        Assert.That((await CallAsync(secondHttp, token)).StatusCode, Is.EqualTo(HttpStatusCode.OK), "5 of 5");
        await AssertRefusedAsync(await CallAsync(secondHttp, token), "user");

        // The first node learns of the second's hits within a reconciliation or two.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        HttpResponseMessage response;
        do
        {
            await Task.Delay(300);
            response = await CallAsync(_host, token);
        }
        while (response.StatusCode == HttpStatusCode.OK && DateTime.UtcNow < deadline);

        await AssertRefusedAsync(response, "user");
    }

    [Test]
    public async Task Concurrent_calls_on_two_nodes_stay_within_the_documented_overshoot()
    {
        var settings = new Dictionary<string, string?>(Limits)
        {
            ["BETTER_AUTH_URL"] = _host.Issuer.BaseUrl,
            ["Mcp:ToolCallLimits:PerUser"] = "20",
            ["Mcp:ToolCallLimits:PerClient"] = "0",
        };
        using var first = new PlatformApp(settings: settings, connectionString: _host.App.ConnectionString);
        using var second = new PlatformApp(settings: settings, connectionString: _host.App.ConnectionString);
        using var firstHttp = new HttpClient { BaseAddress = first.BaseAddress };
        using var secondHttp = new HttpClient { BaseAddress = second.BaseAddress };
        var token = Token(await _host.CreateUserAsync(), NewClient());

        async Task<int> DriveAsync(HttpClient http)
        {
            var allowed = 0;
            for (var i = 0; i < 40; i++)
            {
                var response = await CallAsync(http, token);
                Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK).Or.EqualTo(HttpStatusCode.TooManyRequests));
                allowed += response.StatusCode == HttpStatusCode.OK ? 1 : 0;
            }

            return allowed;
        }

        var counts = await Task.WhenAll(DriveAsync(firstHttp), DriveAsync(secondHttp));

        // Decision 0212: never fewer than the limit; never more than the limit plus what the other
        // node admitted before it learned of these hits, and so at most the limit on each node.
        Assert.That(counts.Sum(), Is.InRange(20, 2 * 20), $"admitted {counts[0]} + {counts[1]}");
    }

    private async Task WaitForStoredHitsAsync(int userId, int hits)
    {
        var key = userId.ToString(CultureInfo.InvariantCulture);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            await using (var db = _host.App.CreateDbContext())
            {
                var stored = await db.Set<RateLimitWindow>().Where(w => w.Policy == "mcp.tools.user" && w.Key == key).SumAsync(w => w.Hits);
                if (stored >= hits)
                {
                    break;
                }
            }

            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), "the nodes did not reconcile within 10 s");
            await Task.Delay(100);
        }

        // Each node reads the total back at its next reconciliation at the latest (one interval).
        await Task.Delay(RateLimitReconciler.Interval + TimeSpan.FromMilliseconds(300));
    }
}
