using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using Platform.Application.Identity.Directory;
using Platform.Domain.Identity;
using Platform.Infrastructure.Security.Jwt;
using Platform.Web.Configuration;
using Platform.Web.Security;
using Platform.Web.Security.Bearer;

namespace Platform.UnitTests.Security;

/// <summary>The "Bearer" scheme as /api/mcp uses it: JwtBearer with our token handler, events and challenge.</summary>
public sealed class BearerSchemeTests
{
    private const string Backend = "https://platform.example";
    private static readonly DateTimeOffset Now = new(2026, 1, 15, 12, 0, 0, TimeSpan.Zero);

    private SigningKey _key = null!;
    private ServiceProvider _services = null!;
    private Users _users = null!;

    [OneTimeSetUp]
    public void SetUp()
    {
        _key = SigningKey.GenerateEs256();
        _users = new Users();
        _users.All[42] = new UserSummary(42, "ada@example.com", "Ada", null, SystemRole.Admin, false, Now, false);
        _users.All[43] = new UserSummary(43, "off@example.com", "Off", null, SystemRole.User, false, Now, true);
        var options = new PlatformOptions { BackendUrl = Backend, BetterAuthUrl = Backend };
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(options);
        services.AddSingleton<TimeProvider>(new ManualTimeProvider(Now));
        services.AddSingleton<IVerificationKeyProvider>(new Keys(_key));
        services.AddSingleton<IUserDirectory>(_users);
        services.AddMcpBearerAuthentication(options);
        _services = services.BuildServiceProvider();
    }

    [OneTimeTearDown]
    public async Task TearDown()
    {
        await _services.DisposeAsync();
        _key.Dispose();
    }

    private string Token(int userId, string? clientId = "client-1")
    {
        var claims = new JsonObject
        {
            ["iss"] = Backend + "/auth",
            ["sub"] = userId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["aud"] = Backend + "/api/mcp",
            ["scope"] = "tasks:read tasks:write",
            ["iat"] = Now.ToUnixTimeSeconds(),
            ["exp"] = Now.AddHours(1).ToUnixTimeSeconds(),
        };
        if (clientId is not null)
        {
            claims["client_id"] = clientId;
        }

        var header = new JsonObject { ["alg"] = _key.Algorithm, ["kid"] = _key.KeyId, ["typ"] = "at+jwt" };
        var input = System.Buffers.Text.Base64Url.EncodeToString(System.Text.Encoding.UTF8.GetBytes(header.ToJsonString())) + "." +
                    System.Buffers.Text.Base64Url.EncodeToString(System.Text.Encoding.UTF8.GetBytes(claims.ToJsonString()));
        return input + "." + System.Buffers.Text.Base64Url.EncodeToString(_key.Sign(System.Text.Encoding.ASCII.GetBytes(input)));
    }

    private DefaultHttpContext Request(params string[] authorization)
    {
        var context = new DefaultHttpContext { RequestServices = _services.CreateScope().ServiceProvider };
        context.Response.Body = new MemoryStream();
        if (authorization.Length > 0)
        {
            context.Request.Headers.Authorization = new StringValues(authorization);
        }

        return context;
    }

    private static async Task<(string? Challenge, JsonElement Body)> ChallengeAsync(HttpContext context)
    {
        await context.ChallengeAsync(JwtBearerDefaults.AuthenticationScheme);
        Assert.That(context.Response.StatusCode, Is.EqualTo(401));
        Assert.That(context.Response.Headers.CacheControl.ToString(), Is.EqualTo("no-store"));
        context.Response.Body.Position = 0;
        return (context.Response.Headers.WWWAuthenticate.ToString(), JsonDocument.Parse(context.Response.Body).RootElement.Clone());
    }

    [Test]
    public void The_scheme_is_jwt_bearer_named_bearer_without_inbound_claim_mapping()
    {
        var options = _services.GetRequiredService<IOptionsMonitor<JwtBearerOptions>>().Get(JwtBearerDefaults.AuthenticationScheme);

        Assert.Multiple(() =>
        {
            Assert.That(JwtBearerDefaults.AuthenticationScheme, Is.EqualTo("Bearer"));
            Assert.That(options.MapInboundClaims, Is.False);
            Assert.That(options.TokenHandlers, Has.Count.EqualTo(1).And.All.InstanceOf<AccessTokenHandler>());
            Assert.That(options.TokenValidationParameters.ClockSkew, Is.EqualTo(TimeSpan.Zero));
            Assert.That(options.TokenValidationParameters.ValidIssuer, Is.EqualTo(Backend + "/auth"));
            Assert.That(options.TokenValidationParameters.ValidAudience, Is.EqualTo(Backend + "/api/mcp"));
            Assert.That(options.TokenValidationParameters.ValidAlgorithms, Is.EquivalentTo(new[] { "ES256", "RS256" }));
            Assert.That(options.TokenValidationParameters.ValidTypes, Is.EquivalentTo(new[] { "at+jwt", "application/at+jwt" }));
            Assert.That(options.TokenValidationParameters.TryAllIssuerSigningKeys, Is.False);
            Assert.That(options.ConfigurationManager, Is.Null, "no OpenID discovery: keys come only from the chosen provider");
            Assert.That(((AccessTokenHandler)options.TokenHandlers[0]).MaximumTokenSizeInBytes, Is.EqualTo(8 * 1024));
        });
    }

    [Test]
    public async Task A_valid_token_gives_the_same_principal_as_before()
    {
        var context = Request("Bearer " + Token(42));

        var result = await context.AuthenticateAsync(JwtBearerDefaults.AuthenticationScheme);

        Assert.That(result.Succeeded, Is.True, result.Failure?.Message);
        var identity = (ClaimsIdentity)result.Principal!.Identity!;
        Assert.Multiple(() =>
        {
            Assert.That(identity.AuthenticationType, Is.EqualTo("Bearer"));
            Assert.That(identity.NameClaimType, Is.EqualTo(ClaimTypes.Name));
            Assert.That(identity.RoleClaimType, Is.EqualTo(PlatformClaims.SystemRole));
            Assert.That(identity.Claims.Select(c => (c.Type, c.Value)), Is.EqualTo(new[]
            {
                (PlatformClaims.UserId, "42"),
                (PlatformClaims.Scope, "tasks:read tasks:write"),
                (PlatformClaims.SystemRole, SystemRole.Admin.ToWire()),
                (ClaimTypes.Email, "ada@example.com"),
                (ClaimTypes.Name, "Ada"),
                ("client_id", "client-1"),
            }));
            Assert.That(result.Principal.IsInRole(SystemRole.Admin.ToWire()), Is.True);
        });
    }

    [Test]
    public async Task No_token_or_another_scheme_is_no_result_and_a_challenge_without_error()
    {
        foreach (var context in new[] { Request(), Request("Basic dXNlcjpwdw=="), Request("Bearer") })
        {
            context.Request.QueryString = new QueryString("?access_token=" + Token(42));
            context.Request.Headers.Cookie = "access_token=" + Token(42);

            var result = await context.AuthenticateAsync(JwtBearerDefaults.AuthenticationScheme);
            Assert.That(result.None, Is.True);

            var (challenge, body) = await ChallengeAsync(context);
            Assert.That(challenge, Is.EqualTo($"Bearer resource_metadata=\"{Backend}/.well-known/oauth-protected-resource/api/mcp\", scope=\"organizations:read tasks:read tasks:write\""));
            Assert.That(body.GetProperty("error").GetProperty("code").GetInt32(), Is.EqualTo(-32001));
            Assert.That(body.GetProperty("id").ValueKind, Is.EqualTo(JsonValueKind.Null));
        }
    }

    [TestCase(2, "more than one Authorization header")]
    [TestCase(0, "token subject is not an active user")]
    public async Task Failures_are_challenged_with_their_description(int headers, string description)
    {
        var context = headers == 2 ? Request("Bearer " + Token(42), "Bearer " + Token(42)) : Request("Bearer " + Token(43));

        var result = await context.AuthenticateAsync(JwtBearerDefaults.AuthenticationScheme);
        Assert.That(result.Failure?.Message, Is.EqualTo(description));

        var (challenge, body) = await ChallengeAsync(context);
        Assert.That(challenge, Does.EndWith($", error=\"invalid_token\", error_description=\"{description}\""));
        Assert.That(body.GetProperty("error").GetProperty("message").GetString(), Is.EqualTo("Unauthorized: " + description));
    }

    [Test]
    public async Task A_library_failure_is_described_with_the_contracts_text()
    {
        var context = Request("Bearer " + Token(42)[..^4] + "AAAA");

        var (challenge, _) = await ChallengeAsync(context);

        Assert.That(challenge, Does.EndWith("error_description=\"invalid signature\""));
    }

    private sealed class Keys(SigningKey key) : IVerificationKeyProvider
    {
        public ValueTask<SigningKey?> FindAsync(string? keyId, CancellationToken ct) => ValueTask.FromResult(keyId == key.KeyId ? key : null);
    }

    private sealed class Users : IUserDirectory
    {
        public Dictionary<int, UserSummary> All { get; } = [];

        public Task<UserSummary?> FindAsync(int userId, CancellationToken ct) => Task.FromResult(All.GetValueOrDefault(userId));

        public Task<IReadOnlyDictionary<int, UserSummary>> GetManyAsync(IReadOnlyCollection<int> userIds, CancellationToken ct) => throw new NotSupportedException();

        public Task<IReadOnlyList<UserSummary>> ListExceptAsync(IReadOnlyCollection<int> excludedIds, CancellationToken ct) => throw new NotSupportedException();

        public Task<bool> IsBootstrappedAsync(CancellationToken ct) => throw new NotSupportedException();
    }
}
