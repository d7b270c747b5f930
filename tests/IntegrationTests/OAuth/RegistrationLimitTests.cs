using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Infrastructure;
using Platform.IntegrationTests.Support;

namespace Platform.IntegrationTests.OAuth;

/// <summary>
/// Security review finding 2: anonymous registration is limited per client address and in all,
/// counted by every node together (PostgreSQL); 429 with Retry-After; field caps fit real clients;
/// registrations nobody ever authorized are deleted after their lifetime.
/// </summary>
public sealed class RegistrationLimitTests
{
    private static int _ip;

    private static Dictionary<string, string?> Limits(int perIp, int global) => new()
    {
        ["OAuth:Registration:PerIpLimit"] = perIp.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["OAuth:Registration:GlobalLimit"] = global.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private static async Task<HttpResponseMessage> RegisterAsync(PlatformApp app, string ip, string? body = null)
    {
        using var client = app.NewClient();
        client.Http.DefaultRequestHeaders.Add("X-Forwarded-For", ip);
        var response = await client.SendRawAsync(HttpMethod.Post, "/auth/register",
            body ?? """{"client_name":"Limited","redirect_uris":["http://127.0.0.1:8765/callback"],"token_endpoint_auth_method":"none"}""", csrf: false);
        await response.Content.LoadIntoBufferAsync();
        return response;
    }

    private static string NewIp() => $"10.77.{Interlocked.Increment(ref _ip) / 250 % 250}.{_ip % 250}";

    [Test]
    public async Task One_address_gets_its_limit_then_429_with_retry_after_and_others_still_register()
    {
        using var app = new PlatformApp(settings: Limits(perIp: 3, global: 1000));
        var ip = NewIp();
        for (var i = 0; i < 3; i++)
        {
            Assert.That((await RegisterAsync(app, ip)).StatusCode, Is.EqualTo(HttpStatusCode.Created));
        }

        var refused = await RegisterAsync(app, ip);

        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests), await refused.Content.ReadAsStringAsync());
        var retryAfter = int.Parse(refused.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.That(retryAfter, Is.InRange(1, 600));
        Assert.That((await refused.ReadJsonAsync()).GetProperty("error").GetString(), Is.EqualTo("temporarily_unavailable"));
        Assert.That((await RegisterAsync(app, NewIp())).StatusCode, Is.EqualTo(HttpStatusCode.Created));
        await using var db = app.CreateDbContext();
        Assert.That(await db.OAuthClients.CountAsync(), Is.EqualTo(4), "the refused registration stored nothing");
    }

    [Test]
    public async Task The_global_limit_holds_across_addresses_and_across_nodes()
    {
        using var first = new PlatformApp(settings: Limits(perIp: 1000, global: 3));
        using var second = new PlatformApp(connectionString: first.ConnectionString, settings: Limits(perIp: 1000, global: 3));

        Assert.That((await RegisterAsync(first, NewIp())).StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That((await RegisterAsync(second, NewIp())).StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That((await RegisterAsync(first, NewIp())).StatusCode, Is.EqualTo(HttpStatusCode.Created));

        Assert.That((await RegisterAsync(second, NewIp())).StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That((await RegisterAsync(first, NewIp())).StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
    }

    [Test]
    public async Task Field_caps_fit_what_real_clients_send()
    {
        using var app = new PlatformApp();
        var tooMany = string.Join(",", Enumerable.Range(0, 11).Select(i => $"\"http://127.0.0.1:{8000 + i}/callback\""));
        var longUri = "http://127.0.0.1:8765/" + new string('a', 600);

        var many = await RegisterAsync(app, NewIp(), $$"""{"redirect_uris":[{{tooMany}}],"token_endpoint_auth_method":"none"}""");
        var longOne = await RegisterAsync(app, NewIp(), $$"""{"redirect_uris":["{{longUri}}"],"token_endpoint_auth_method":"none"}""");
        var longName = await RegisterAsync(app, NewIp(), $$"""{"client_name":"{{new string('n', 101)}}","redirect_uris":["http://127.0.0.1:1/cb"],"token_endpoint_auth_method":"none"}""");

        Assert.That((await many.ReadJsonAsync()).GetProperty("error").GetString(), Is.EqualTo("invalid_redirect_uri"));
        Assert.That((await longOne.ReadJsonAsync()).GetProperty("error").GetString(), Is.EqualTo("invalid_redirect_uri"));
        Assert.That((await longName.ReadJsonAsync()).GetProperty("error").GetString(), Is.EqualTo("invalid_client_metadata"));
    }

    [Test]
    public async Task Registrations_nobody_authorized_are_deleted_after_their_lifetime()
    {
        using var app = new PlatformApp();
        var old = (await (await RegisterAsync(app, NewIp())).ReadJsonAsync()).GetProperty("client_id").GetString()!;
        var recent = (await (await RegisterAsync(app, NewIp())).ReadJsonAsync()).GetProperty("client_id").GetString()!;
        var owner = await app.BootstrapAsync();
        var flow = new OAuthFlow(app);
        var used = await flow.RegisterPublicAsync();
        var pkce = Pkce.New();
        await flow.CodeForNewUserAsync(owner, used, pkce, "http://127.0.0.1:8765/callback");
        await using (var db = app.CreateDbContext())
        {
            await db.OAuthClients.Where(c => c.ClientId == old || c.ClientId == used.ClientId)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.CreatedAt, DateTimeOffset.UtcNow.AddHours(-25)));
        }

        var (_, deleted, _, _) = await app.Services.GetRequiredService<PlatformMaintenance>().RunOnceAsync(CancellationToken.None);

        Assert.That(deleted, Is.EqualTo(1));
        await using var check = app.CreateDbContext();
        var left = await check.OAuthClients.Select(c => c.ClientId).ToListAsync();
        Assert.That(left, Does.Not.Contain(old).And.Contain(recent).And.Contain(used.ClientId));
    }
}
