using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Platform.IntegrationTests.Support;

namespace Platform.IntegrationTests.Fuzz;

/// <summary>Generated malformed input against the authorization server's registration and token endpoints.</summary>
public sealed class OAuthFuzzTests
{
    private PlatformApp _app = null!;
    private TestClient _client = null!;

    [OneTimeSetUp]
    public void Start()
    {
        _app = new PlatformApp();
        _client = _app.NewClient();
    }

    [OneTimeTearDown]
    public void Stop()
    {
        _client.Dispose();
        _app.Dispose();
    }

    /// <summary>RFC 6749 / 7591 errors: a JSON object with a string "error"; successes only where valid.</summary>
    private static string? OAuthErrorShape(HttpStatusCode status, JsonElement? json, string text)
    {
        if ((int)status is >= 200 and < 300)
        {
            return json is { ValueKind: JsonValueKind.Object } ? null : "success without a JSON object";
        }

        if ((int)status is not (400 or 401 or 413 or 415))
        {
            return "unexpected status";
        }

        return json is { ValueKind: JsonValueKind.Object } body && body.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.String
            ? null
            : "not an OAuth error object";
    }

    [Test]
    public async Task Registration_survives_malformed_metadata()
    {
        await FuzzRunner.RunAsync(
            _client.Http,
            body => FuzzRunner.JsonPost("/auth/register", body),
            MalformedInputs.Generate(
                "{\"client_name\":\"Fuzz\",\"redirect_uris\":[\"http://127.0.0.1:9/cb\",\"cursor://x/cb\"],\"token_endpoint_auth_method\":\"none\",\"grant_types\":[\"authorization_code\",\"refresh_token\"],\"response_types\":[\"code\"],\"scope\":\"tasks:read\"}",
                1200, seed: 51),
            OAuthErrorShape);
    }

    [Test]
    public async Task Token_endpoint_survives_malformed_forms()
    {
        const string valid = "grant_type=authorization_code&code=abc&redirect_uri=http%3A%2F%2F127.0.0.1%3A9%2Fcb&client_id=nope&code_verifier=verifier";
        await FuzzRunner.RunAsync(
            _client.Http,
            body => Form("/auth/token", body),
            FormVariants(valid, 1000, seed: 52),
            OAuthErrorShape);
    }

    [Test]
    public async Task Revocation_endpoint_survives_malformed_forms()
    {
        await FuzzRunner.RunAsync(
            _client.Http,
            body => Form("/auth/revoke", body),
            FormVariants("token=abc&token_type_hint=refresh_token&client_id=nope", 400, seed: 53),
            (status, json, text) => (int)status is 200 or 400 or 401 or 413 or 415 ? null : "unexpected status");
    }

    private static HttpRequestMessage Form(string path, byte[] body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded");
        return request;
    }

    /// <summary>Form bodies: truncated, duplicated or missing parameters, bad escapes, huge and odd values, JSON instead of a form.</summary>
    private static IEnumerable<byte[]> FormVariants(string valid, int count, int seed)
    {
        var random = new Random(seed);
        var pairs = valid.Split('&');
        string[] odd = ["", "%", "%zz", "%00", "%ff%fe", "%ED%A0%80", "\u202e", new string('a', 70_000), "💥", "a=b=c", "&&&", "+%2B+", "null", "[]", "{\"a\":1}"];
        for (var i = 0; i < count; i++)
        {
            var parts = pairs.ToList();
            string body;
            switch (i % 8)
            {
                case 0:
                    body = valid[..random.Next(valid.Length)];
                    break;
                case 1:
                    parts.Add(parts[random.Next(parts.Count)]);
                    body = string.Join('&', parts);
                    break;
                case 2:
                    parts.RemoveAt(random.Next(parts.Count));
                    body = string.Join('&', parts);
                    break;
                case 3:
                    var at = random.Next(parts.Count);
                    parts[at] = parts[at].Split('=')[0] + "=" + odd[random.Next(odd.Length)];
                    body = string.Join('&', parts);
                    break;
                case 4:
                    body = string.Join('&', parts) + "&" + odd[random.Next(odd.Length)] + "=" + odd[random.Next(odd.Length)];
                    break;
                case 5:
                    body = "{\"grant_type\":\"authorization_code\",\"code\":1}";
                    break;
                case 6:
                    body = string.Join('&', parts.Select(p => random.Next(3) == 0 ? p.ToUpperInvariant() : p));
                    break;
                default:
                    body = string.Join('&', Enumerable.Range(0, random.Next(1, 3000)).Select(n => $"p{n}=v"));
                    break;
            }

            yield return Encoding.UTF8.GetBytes(body);
        }
    }
}
