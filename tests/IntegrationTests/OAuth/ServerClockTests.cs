using MediatR;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Platform.Application;
using Platform.Application.Common.Interfaces;
using Platform.Application.Common.Security;
using Platform.Application.Identity.OAuth;
using Platform.Application.Identity.OAuth.Authorize;
using Platform.Application.Identity.OAuth.DecideConsent;
using Platform.Application.Identity.OAuth.ExchangeToken;
using Platform.Application.Identity.OAuth.RegisterClient;
using Platform.Domain.Identity;
using Platform.Domain.Identity.OAuth;
using Platform.Infrastructure;
using Platform.Infrastructure.Persistence;
using Platform.Infrastructure.Security;
using Platform.Infrastructure.Security.ClientMetadataDocuments;

namespace Platform.IntegrationTests.OAuth;

/// <summary>
/// Lifetimes on the server's clock: the use cases run through the mediator against PostgreSQL with a
/// manual <see cref="TimeProvider"/>, so a code's 10 minutes and a refresh token's 30 days are exact.
/// </summary>
public sealed class ServerClockTests
{
    private const string Redirect = "http://127.0.0.1:7000/cb";
    private ServiceProvider _services = null!;
    private ManualClock _clock = null!;
    private TestUser _user = null!;

    [OneTimeSetUp]
    public void Start()
    {
        _clock = new ManualClock(new DateTimeOffset(2026, 11, 21, 9, 0, 0, TimeSpan.Zero));
        _user = new TestUser();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddApplication();
        services.AddInfrastructure(TestCluster.CreateDatabase());
        services.AddSingleton<TimeProvider>(_clock);
        services.AddSingleton<IServerSettings>(new Settings());
        services.AddSingleton<ICurrentUser>(_user);
        services.AddSingleton<IOAuthServerSettings>(new OAuthSettings());
        services.AddOAuthApplication();
        services.AddOAuthInfrastructure(signingKeyFile: null);
        services.AddClientMetadataDocuments(new ConfigurationBuilder().Build());
        _services = services.BuildServiceProvider();
    }

    [OneTimeTearDown]
    public void Stop() => _services.Dispose();

    [Test]
    public async Task A_code_redeems_until_ten_minutes_and_not_at_ten_minutes()
    {
        var (client, userId) = await SetUpAsync("tasks:read");
        var pkce = Pkce.New();
        var code = await AuthorizeAsync(client, userId, pkce, "tasks:read");
        _clock.Advance(TimeSpan.FromMinutes(10) - TimeSpan.FromSeconds(1));
        var token = await SendAsync(Exchange(client, code, pkce));
        Assert.That(token.Scope, Is.EqualTo("tasks:read"));

        var late = await AuthorizeAsync(client, userId, pkce, "tasks:read");
        _clock.Advance(TimeSpan.FromMinutes(10));
        var ex = Assert.ThrowsAsync<OAuthException>(() => SendAsync(Exchange(client, late, pkce)));
        Assert.That(ex!.Error, Is.EqualTo("invalid_grant"));
        Assert.That(ex.Description, Does.Contain("expired"));
    }

    [Test]
    public async Task A_refresh_token_lives_thirty_days_and_each_rotation_starts_a_new_thirty()
    {
        var (client, userId) = await SetUpAsync("tasks:read offline_access");
        var pkce = Pkce.New();
        var first = await SendAsync(Exchange(client, await AuthorizeAsync(client, userId, pkce, "tasks:read offline_access"), pkce));

        _clock.Advance(TimeSpan.FromDays(30) - TimeSpan.FromMinutes(1));
        var second = await SendAsync(Refresh(client, first.RefreshToken!));
        Assert.That(second.RefreshToken, Is.Not.Null);

        _clock.Advance(TimeSpan.FromDays(29));
        var third = await SendAsync(Refresh(client, second.RefreshToken!));

        _clock.Advance(TimeSpan.FromDays(30));
        var ex = Assert.ThrowsAsync<OAuthException>(() => SendAsync(Refresh(client, third.RefreshToken!)));
        Assert.That(ex!.Description, Does.Contain("expired"));
    }

    [Test]
    public async Task Access_token_times_come_from_the_server_clock()
    {
        var (client, userId) = await SetUpAsync("tasks:read");
        var pkce = Pkce.New();
        var token = await SendAsync(Exchange(client, await AuthorizeAsync(client, userId, pkce, "tasks:read"), pkce));
        var claims = Platform.IntegrationTests.Support.Jwt.Claims(token.AccessToken);
        Assert.That(claims.GetProperty("iat").GetInt64(), Is.EqualTo(_clock.GetUtcNow().ToUnixTimeSeconds()));
        Assert.That(claims.GetProperty("exp").GetInt64(), Is.EqualTo(_clock.GetUtcNow().AddHours(1).ToUnixTimeSeconds()));
    }

    [Test]
    public async Task Remembered_consent_skips_the_page_and_a_bearer_caller_can_never_consent()
    {
        var (client, userId) = await SetUpAsync(null);
        var pkce = Pkce.New();
        await AuthorizeAsync(client, userId, pkce, "tasks:read tasks:write");
        _user.UserId = userId;
        var again = await SendAsync(new AuthorizeCommand(Request(client, pkce, "tasks:write")));
        Assert.That(again, Is.InstanceOf<AuthorizationRedirect>());

        _user.Scopes = new HashSet<string> { "tasks:read" };
        var asBearer = await SendAsync(new DecideConsentCommand(Request(client, pkce, "organizations:read"), Allow: true));
        Assert.That(asBearer, Is.InstanceOf<AuthorizationLoginRequired>());
        _user.Scopes = null;
    }

    private async Task<(RegisteredClientDto Client, int UserId)> SetUpAsync(string? scope)
    {
        var client = await SendAsync(new RegisterClientCommand(new ClientMetadata
        {
            RedirectUris = [Redirect], TokenEndpointAuthMethod = "none", GrantTypes = ["authorization_code", "refresh_token"], Scope = scope,
        }));
        using var scopeServices = _services.CreateScope();
        var db = scopeServices.ServiceProvider.GetRequiredService<PlatformDbContext>();
        var user = User.Create($"clock-{Guid.NewGuid():N}@example.com", "Clock User", "not-a-password-hash", SystemRole.User, false, _clock.GetUtcNow());
        db.Users.Add(user);
        await db.SaveChangesAsync();
        return (client, user.Id);
    }

    private async Task<string> AuthorizeAsync(RegisteredClientDto client, int userId, Pkce pkce, string scope)
    {
        _user.UserId = userId;
        try
        {
            var outcome = await SendAsync(new DecideConsentCommand(Request(client, pkce, scope), Allow: true));
            var redirect = (AuthorizationRedirect)outcome;
            return QueryHelpers.ParseQuery(new Uri(redirect.Location).Query)["code"].ToString();
        }
        finally
        {
            _user.UserId = null;
        }
    }

    private static AuthorizationRequest Request(RegisteredClientDto client, Pkce pkce, string scope) => new()
    {
        ResponseType = "code", ClientId = client.ClientId, RedirectUri = Redirect, Scope = scope, State = "s",
        CodeChallenge = pkce.Challenge, CodeChallengeMethod = "S256",
    };

    private static ExchangeTokenCommand Exchange(RegisteredClientDto client, string code, Pkce pkce) =>
        new(new ClientCredentials(client.ClientId, null, ClientCredentialsScheme.None), "authorization_code", code, Redirect, pkce.Verifier);

    private static ExchangeTokenCommand Refresh(RegisteredClientDto client, string refreshToken) =>
        new(new ClientCredentials(client.ClientId, null, ClientCredentialsScheme.None), "refresh_token", RefreshToken: refreshToken);

    private async Task<T> SendAsync<T>(IRequest<T> request)
    {
        using var scope = _services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(request);
    }

    private sealed class ManualClock(DateTimeOffset start) : TimeProvider
    {
        private DateTimeOffset _now = start;

        public override DateTimeOffset GetUtcNow() => _now;

        public override long GetTimestamp() => _now.UtcTicks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public void Advance(TimeSpan by) => _now += by;
    }

    private sealed class TestUser : ICurrentUser
    {
        public int? UserId { get; set; }

        public SystemRole? SystemRole => UserId is null ? null : Domain.Identity.SystemRole.User;

        public IReadOnlySet<string>? Scopes { get; set; }
    }

    private sealed class Settings : IServerSettings
    {
        public ServerMode Mode => ServerMode.Full;
    }

    private sealed class OAuthSettings : IOAuthServerSettings
    {
        public string Issuer => "https://platform.test/auth";

        public string Resource => "https://platform.test/api/mcp";
    }
}
