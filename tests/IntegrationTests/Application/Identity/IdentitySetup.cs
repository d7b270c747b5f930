using Platform.Application.Identity;
using Platform.Application.Identity.Auth.Login;
using Platform.Application.Identity.OAuth;
using Platform.Application.Identity.OAuth.Authorize;
using Platform.Application.Identity.OAuth.DecideConsent;
using Platform.Application.Identity.OAuth.ExchangeToken;
using Platform.Application.Identity.OAuth.RegisterClient;
using Platform.Application.Identity.Users.CreateUser;
using Platform.Domain.Identity.OAuth;

namespace Platform.IntegrationTests.Application.Identity;

/// <summary>A user made for one test: who they are as a caller, and how they sign in.</summary>
public sealed record TestUser(Caller Caller, string Email, string Password)
{
    public int Id => Caller.UserId!.Value;
}

/// <summary>A grant a user gave a client through the real authorize/consent/token flow.</summary>
public sealed record TestGrant(RegisteredClientDto Client, TokenResponseDto Tokens);

/// <summary>
/// Shared setup of the Identity use-case tests: users that can sign in, sessions, registered OAuth
/// clients and grants made through the real authorization-code flow (all through the mediator).
/// </summary>
public abstract class IdentitySetup : MediatorFixture
{
    public const string RedirectUri = "http://127.0.0.1:8765/callback";

    private static int _ip;

    /// <summary>A distinct client IP per login, so the login rate limit never couples tests.</summary>
    protected static string NewIp() => $"10.9.{Interlocked.Increment(ref _ip) / 250 % 250}.{_ip % 250}";

    protected static string UniqueEmail(string prefix = "u") => $"{prefix}-{Guid.NewGuid():N}@example.com";

    /// <summary>A new user of <paramref name="role"/> created by the owner.</summary>
    protected async Task<TestUser> NewUserAsync(string role = "user", string? name = null)
    {
        var email = UniqueEmail(role);
        const string password = "password123";
        var user = await SendAsync(new CreateUserCommand(email, password, name ?? Unique("User"), role));
        return new TestUser(new Caller(user.Id, user.SystemRole), email, password);
    }

    /// <summary>Signs <paramref name="user"/> in (a new cookie session).</summary>
    protected Task<SignedInUser> LoginAsync(TestUser user, string? userAgent = null) =>
        SendAsync(new LoginCommand(user.Email, user.Password, NewIp(), userAgent), Caller.Anonymous);

    /// <summary>A public client (PKCE, no secret) allowed to refresh, with one loopback redirect URI.</summary>
    protected Task<RegisteredClientDto> RegisterClientAsync(string? name = null, string authMethod = ClientAuthMethods.None) =>
        SendAsync(
            new RegisterClientCommand(new ClientMetadata
            {
                ClientName = name ?? Unique("Client"),
                RedirectUris = [RedirectUri],
                TokenEndpointAuthMethod = authMethod,
                GrantTypes = [GrantTypes.AuthorizationCode, GrantTypes.RefreshToken],
            }),
            Caller.Anonymous);

    protected static AuthorizationRequest AuthorizationFor(RegisteredClientDto client, string verifier, string? scope = "tasks:read offline_access", string? state = "st") =>
        new()
        {
            ResponseType = "code",
            ClientId = client.ClientId,
            RedirectUri = RedirectUri,
            Scope = scope,
            State = state,
            CodeChallenge = Pkce.ChallengeOf(verifier),
            CodeChallengeMethod = Pkce.S256,
        };

    protected static string NewVerifier() => OAuthSecrets.NewToken();

    /// <summary>The value of <paramref name="name"/> in the query of a redirect location (null when absent).</summary>
    protected static string? QueryValue(string location, string name)
    {
        var query = location.Contains('?', StringComparison.Ordinal) ? location[(location.IndexOf('?', StringComparison.Ordinal) + 1)..] : "";
        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0 && pair[..eq] == name)
            {
                return Uri.UnescapeDataString(pair[(eq + 1)..]);
            }
        }

        return null;
    }

    /// <summary>The user allows the client on the consent page; returns the authorization code.</summary>
    protected async Task<string> ConsentAsync(TestUser user, RegisteredClientDto client, string verifier, string scope = "tasks:read offline_access")
    {
        var outcome = await SendAsync(new DecideConsentCommand(AuthorizationFor(client, verifier, scope), Allow: true), user.Caller);
        var redirect = outcome as AuthorizationRedirect ?? throw new AssertionException($"expected a redirect, got {outcome}");
        return QueryValue(redirect.Location, "code") ?? throw new AssertionException($"no code in {redirect.Location}");
    }

    /// <summary>A full grant: consent, then the code exchanged for an access token and (offline_access) a refresh token.</summary>
    protected async Task<TestGrant> GrantAsync(TestUser user, RegisteredClientDto? client = null, string scope = "tasks:read offline_access")
    {
        client ??= await RegisterClientAsync();
        var verifier = NewVerifier();
        var code = await ConsentAsync(user, client, verifier, scope);
        var tokens = await SendAsync(
            new ExchangeTokenCommand(Public(client), GrantTypes.AuthorizationCode, code, RedirectUri, verifier),
            Caller.Anonymous);
        return new TestGrant(client, tokens);
    }

    protected static ClientCredentials Public(RegisteredClientDto client) => new(client.ClientId, null, ClientCredentialsScheme.None);
}
