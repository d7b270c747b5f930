using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Platform.Infrastructure.Security.Jwt;

namespace Platform.IntegrationTests.McpJsonRpc;

/// <summary>
/// An external authorization server in miniature: a real Kestrel app on 127.0.0.1 that publishes
/// its keys at /auth/jwks, and mints access tokens the way Platform's issuer does. The resource
/// server under test runs in "external issuer" mode against it (BETTER_AUTH_URL = its base URL).
/// </summary>
public sealed class TestIssuer : IAsyncDisposable
{
    public const string BackendUrl = "http://localhost:3001";
    public const string Resource = BackendUrl + "/api/mcp";
    public const string AllScopes = "organizations:read tasks:read tasks:write";

    private readonly WebApplication _app;
    private int _jwksRequests;

    private TestIssuer(WebApplication app, string baseUrl, SigningKey es256, SigningKey rs256)
    {
        _app = app;
        BaseUrl = baseUrl;
        EcKey = es256;
        RsaKey = rs256;
        Published = [es256, rs256];
    }

    public string BaseUrl { get; }

    public string Issuer => BaseUrl + "/auth";

    public SigningKey EcKey { get; }

    public SigningKey RsaKey { get; }

    /// <summary>The keys /auth/jwks serves right now (tests may rotate them).</summary>
    public List<SigningKey> Published { get; set; }

    public int JwksRequests => Volatile.Read(ref _jwksRequests);

    public static async Task<TestIssuer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        TestIssuer? issuer = null;
        app.MapGet("/auth/jwks", (HttpContext context) =>
        {
            Interlocked.Increment(ref issuer!._jwksRequests);
            var keys = new JsonArray(issuer.Published.Select(k => JsonSerializer.SerializeToNode(k.ToPublicJwk())).ToArray());
            return Results.Text(new JsonObject { ["keys"] = keys }.ToJsonString(), "application/json");
        });
        await app.StartAsync();
        var address = app.Urls.First();
        issuer = new TestIssuer(app, address.TrimEnd('/'), SigningKey.GenerateEs256(), SigningKey.GenerateRs256());
        return issuer;
    }

    /// <summary>Claims of a valid access token for <paramref name="userId"/>; tests tamper with them.</summary>
    public JsonObject Claims(int userId, string scope = AllScopes)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        return new JsonObject
        {
            ["iss"] = Issuer,
            ["sub"] = userId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["aud"] = Resource,
            ["azp"] = "test-client",
            ["client_id"] = "test-client",
            ["scope"] = scope,
            ["iat"] = now,
            ["exp"] = now + 3600,
            ["jti"] = Guid.NewGuid().ToString("N"),
        };
    }

    public string Token(int userId, string scope = AllScopes, SigningKey? key = null) => Sign(Claims(userId, scope), key);

    /// <summary>A compact JWS of <paramref name="claims"/> as written (tests tamper with them), header alg/kid/typ at+jwt.</summary>
    public string Sign(JsonObject claims, SigningKey? key = null)
    {
        key ??= EcKey;
        var header = new JsonObject { ["alg"] = key.Algorithm, ["kid"] = key.KeyId, ["typ"] = "at+jwt" };
        return Raw(header.ToJsonString(), claims.ToJsonString(), input => key.Sign(input));
    }

    /// <summary>A compact JWS from raw header and payload JSON (for malformed and hostile tokens).</summary>
    public static string Raw(string headerJson, string payloadJson, Func<byte[], byte[]>? sign)
    {
        var input = System.Buffers.Text.Base64Url.EncodeToString(System.Text.Encoding.UTF8.GetBytes(headerJson)) + "." +
                    System.Buffers.Text.Base64Url.EncodeToString(System.Text.Encoding.UTF8.GetBytes(payloadJson));
        var signature = sign is null ? [] : sign(System.Text.Encoding.ASCII.GetBytes(input));
        return input + "." + System.Buffers.Text.Base64Url.EncodeToString(signature);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        EcKey.Dispose();
        RsaKey.Dispose();
    }
}
