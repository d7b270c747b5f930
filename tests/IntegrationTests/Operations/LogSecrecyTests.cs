using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Client;
using Platform.IntegrationTests.OAuth;
using Platform.IntegrationTests.Support;

namespace Platform.IntegrationTests.Operations;

/// <summary>
/// No secret reaches a log line at any level: with every category at Trace, a sign-in, a failed
/// sign-in, an API token, the whole OAuth flow (code, PKCE verifier, access and refresh tokens, a
/// refresh) and tool calls with each credential are run, and every captured line (message,
/// structured values, scopes, exceptions) is searched for each secret.
/// </summary>
public sealed class LogSecrecyTests
{
    private const string Redirect = "http://127.0.0.1:8765/callback";

    [Test]
    public async Task Nothing_secret_is_logged_even_at_trace()
    {
        var capture = new CapturingLoggerProvider();
        using var app = new PlatformApp(
            settings: new Dictionary<string, string?>
            {
                ["Logging:LogLevel:Default"] = "Trace",
                ["Logging:LogLevel:Microsoft"] = "Trace",
                ["Logging:LogLevel:Microsoft.AspNetCore"] = "Trace",
                ["Logging:LogLevel:Microsoft.AspNetCore.Server.Kestrel"] = "Trace",
                ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Trace",
                ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Trace",
                ["Logging:LogLevel:Platform"] = "Trace",
            },
            services: services => services.AddSingleton<ILoggerProvider>(capture));
        var secrets = new List<string>();
        const string password = "Correct-Horse-Battery-9";
        const string wrongPassword = "Wrong-Horse-Battery-7";
        secrets.AddRange([password, wrongPassword]);

        using var owner = await app.BootstrapAsync("owner@example.com", password);
        secrets.Add(owner.SessionCookie!);
        using var second = app.NewClient();
        Assert.That((await second.PostJsonAsync("/api/auth/login", new { email = "owner@example.com", password = wrongPassword })).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That((await second.PostJsonAsync("/api/auth/login", new { email = "owner@example.com", password })).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        secrets.Add(second.SessionCookie!);

        // A personal API token, used on the envelope.
        var created = await owner.PostJsonAsync("/api/me/tokens", new { name = "cli" });
        var apiToken = (await created.ReadJsonAsync()).GetProperty("token").GetString()!;
        secrets.Add(apiToken);
        using (var cli = app.NewClient())
        {
            cli.Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiToken);
            Assert.That((await cli.PostJsonAsync("/mcp", new { tool = "projects.list", input = new { } })).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        // The OAuth flow with a confidential client, a refresh, and a tool call with the access token.
        var flow = new OAuthFlow(app);
        var client = await flow.RegisterAsync(new
        {
            client_name = "Secret client", redirect_uris = new[] { Redirect }, token_endpoint_auth_method = "client_secret_post",
            grant_types = new[] { "authorization_code", "refresh_token" },
        });
        secrets.Add(client.ClientSecret!);
        var pkce = Pkce.New();
        secrets.Add(pkce.Verifier);
        var (code, _) = await flow.CodeForNewUserAsync(owner, client, pkce, Redirect, "tasks:read offline_access");
        secrets.Add(code);
        var tokens = await (await flow.ExchangeCodeAsync(client, code, pkce, Redirect)).ReadJsonAsync();
        var access = tokens.GetProperty("access_token").GetString()!;
        var refresh = tokens.GetProperty("refresh_token").GetString()!;
        var refreshed = await (await flow.RefreshAsync(client, refresh)).ReadJsonAsync();
        secrets.AddRange([access, refresh, refreshed.GetProperty("access_token").GetString()!, refreshed.GetProperty("refresh_token").GetString()!]);
        await using (var mcp = await McpClient.CreateAsync(new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = new Uri(app.BaseAddress, "/api/mcp"),
            TransportMode = HttpTransportMode.StreamableHttp,
            AdditionalHeaders = new Dictionary<string, string> { ["Authorization"] = "Bearer " + access },
        })))
        {
            Assert.That((await mcp.CallToolAsync("list_tasks", new Dictionary<string, object?>())).IsError, Is.Not.True);
        }

        // A replayed code and a bad refresh token fail, and are still not logged.
        Assert.That((await flow.ExchangeCodeAsync(client, code, pkce, Redirect)).StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        const string forgedRefresh = "forged-refresh-token-0123456789-abcdefghij";
        secrets.Add(forgedRefresh);
        Assert.That((await flow.RefreshAsync(client, forgedRefresh)).StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));

        var lines = capture.Lines;
        Assert.That(lines.Count, Is.GreaterThan(100), "logging at Trace was captured");
        Assert.That(lines.Any(l => l.Contains("Microsoft.EntityFrameworkCore.Database.Command", StringComparison.Ordinal)), Is.True, "SQL commands were logged at this level");
        foreach (var secret in secrets)
        {
            var leaks = lines.Where(l => l.Contains(secret, StringComparison.Ordinal)).ToList();
            Assert.That(leaks, Is.Empty, $"a secret ({secret[..Math.Min(6, secret.Length)]}…) appears in the log");
        }

        // The signing key's and the OAuth secrets' hashes are not secrets, but the secret's prefix must not leak either.
        Assert.That(lines.Where(l => l.Contains("sb_", StringComparison.Ordinal) && l.Contains(apiToken[..12], StringComparison.Ordinal)), Is.Empty);
    }
}

/// <summary>Every log line of every category, with its structured values, scopes and exception.</summary>
internal sealed class CapturingLoggerProvider : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<string> _lines = new();
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public IReadOnlyList<string> Lines => _lines.ToList();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    private sealed class Logger(CapturingLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => provider._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var line = new StringBuilder().Append(logLevel).Append(' ').Append(category).Append(": ").Append(formatter(state, exception));
            if (state is IEnumerable<KeyValuePair<string, object?>> values)
            {
                foreach (var (key, value) in values)
                {
                    line.Append(" | ").Append(key).Append('=').Append(value);
                }
            }

            provider._scopes.ForEachScope((scope, builder) => builder.Append(" | scope ").Append(scope), line);
            if (exception is not null)
            {
                line.Append(" | ").Append(exception);
            }

            provider._lines.Enqueue(line.ToString());
        }
    }
}
