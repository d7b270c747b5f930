using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Platform.IntegrationTests.Support;

/// <summary>What the document server answers for one path.</summary>
public sealed record DocumentResponse(string Body, int Status = 200, string ContentType = "application/json", string? CacheControl = null, string? Location = null, TimeSpan Delay = default);

/// <summary>
/// A tiny HTTP server on 127.0.0.1 serving client ID metadata documents (the test hosts them the way a
/// client would on its website); counts the requests per path.
/// </summary>
public sealed class DocumentServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, DocumentResponse> _responses = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _hits = new(StringComparer.Ordinal);

    private DocumentServer(WebApplication app) => _app = app;

    public Uri BaseAddress { get; private set; } = null!;

    public static async Task<DocumentServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new DocumentServer(app);
        app.Run(server.AnswerAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseAddress = new Uri(address);
        return server;
    }

    /// <summary>The URL of <paramref name="path"/> on this server (the client_id of a document served there).</summary>
    public string Url(string path) => new Uri(BaseAddress, path).AbsoluteUri;

    public void Serve(string path, DocumentResponse response) => _responses[path] = response;

    public int Hits(string path) => _hits.TryGetValue(path, out var hits) ? hits : 0;

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task AnswerAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        _hits.AddOrUpdate(path, 1, (_, n) => n + 1);
        if (!_responses.TryGetValue(path, out var response))
        {
            context.Response.StatusCode = 404;
            return;
        }

        if (response.Delay > TimeSpan.Zero)
        {
            await Task.Delay(response.Delay);
        }

        context.Response.StatusCode = response.Status;
        context.Response.ContentType = response.ContentType;
        if (response.CacheControl is not null)
        {
            context.Response.Headers.CacheControl = response.CacheControl;
        }

        if (response.Location is not null)
        {
            context.Response.Headers.Location = response.Location;
        }

        await context.Response.WriteAsync(response.Body);
    }
}
