using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Platform.IntegrationTests.Support;

/// <summary>An HttpClient with a cookie jar that sends <c>X-Scrumboy: 1</c> on JSON writes by default.</summary>
public sealed class TestClient : IDisposable
{
    public TestClient(Uri baseAddress)
    {
        Cookies = new CookieContainer();
        Http = new HttpClient(new SocketsHttpHandler { CookieContainer = Cookies, UseCookies = true, AllowAutoRedirect = false })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromSeconds(60),
        };
    }

    public HttpClient Http { get; }

    public CookieContainer Cookies { get; }

    public string? SessionCookie => Cookies.GetCookies(Http.BaseAddress!)["scrumboy_session"]?.Value;

    public Task<HttpResponseMessage> GetAsync(string path) => Http.GetAsync(path);

    public Task<HttpResponseMessage> PostJsonAsync(string path, object body, bool csrf = true) =>
        SendRawAsync(HttpMethod.Post, path, JsonSerializer.Serialize(body), csrf);

    public Task<HttpResponseMessage> SendRawAsync(HttpMethod method, string path, string? body, bool csrf = true, string contentType = "application/json")
    {
        var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        if (csrf)
        {
            request.Headers.Add("X-Scrumboy", "1");
        }

        return Http.SendAsync(request);
    }

    public void Dispose() => Http.Dispose();
}

public static class HttpResponseExtensions
{
    public static async Task<JsonElement> ReadJsonAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        try
        {
            return JsonDocument.Parse(text).RootElement.Clone();
        }
        catch (JsonException)
        {
            throw new AssertionException($"Expected JSON, got {(int)response.StatusCode}: {text}");
        }
    }

    /// <summary>Asserts the /api error object: status, code and (optionally) message.</summary>
    public static async Task<JsonElement> AssertApiErrorAsync(this HttpResponseMessage response, HttpStatusCode status, string code, string? message = null)
    {
        var json = await response.ReadJsonAsync();
        Assert.That(response.StatusCode, Is.EqualTo(status), json.ToString());
        var error = json.GetProperty("error");
        Assert.That(error.GetProperty("code").GetString(), Is.EqualTo(code), json.ToString());
        if (message is not null)
        {
            Assert.That(error.GetProperty("message").GetString(), Is.EqualTo(message), json.ToString());
        }

        Assert.That(json.TryGetProperty("ok", out _), Is.False, "the /api error envelope has no ok");
        return error;
    }
}
