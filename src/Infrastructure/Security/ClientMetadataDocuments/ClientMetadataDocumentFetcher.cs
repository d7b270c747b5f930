using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Application.Identity.OAuth;
using Platform.Application.Identity.OAuth.ClientMetadataDocuments;
using Platform.Domain.Identity.OAuth;

namespace Platform.Infrastructure.Security.ClientMetadataDocuments;

/// <summary>One fetch's outcome: the validated metadata of the document at <paramref name="Url"/>, or why not; and how long to keep the answer.</summary>
internal sealed record FetchedDocument(string Url, ClientMetadata? Metadata, DateTimeOffset FetchedAt, string? Error, string? Description, TimeSpan Lifetime)
{
    /// <summary>A new, untracked client for each caller (the cached metadata passed validation, so this does not throw).</summary>
    public ClientMetadataDocumentLookup ToLookup() => Metadata is { } metadata
        ? new ClientMetadataDocumentLookup(OAuthClient.FromMetadataDocument(Url, metadata, FetchedAt), null, null)
        : ClientMetadataDocumentLookup.Failed(Error!, Description!);
}

/// <summary>
/// Fetches one client ID metadata document with the named <see cref="HttpClientName"/> client (its
/// handler refuses forbidden addresses and follows no redirect), reads at most
/// <see cref="ClientMetadataDocumentOptions.MaxDocumentBytes"/> within
/// <see cref="ClientMetadataDocumentOptions.FetchTimeout"/>, and validates the document.
/// </summary>
internal sealed partial class ClientMetadataDocumentFetcher(
    IHttpClientFactory factory, IOptions<ClientMetadataDocumentOptions> options, TimeProvider clock, ILogger<ClientMetadataDocumentFetcher> logger)
{
    public const string HttpClientName = "ClientMetadataDocuments";

    public async Task<FetchedDocument> FetchAsync(string url)
    {
        var settings = options.Value;
        using var timeout = new CancellationTokenSource(settings.FetchTimeout);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            using var response = await factory.CreateClient(HttpClientName)
                .SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return Failure(url, OAuthErrors.InvalidClient, (int)response.StatusCode is >= 300 and < 400
                    ? $"the document URL answered {(int)response.StatusCode} (redirects are not followed)"
                    : $"the document URL answered {(int)response.StatusCode}");
            }

            var mediaType = response.Content.Headers.ContentType?.MediaType ?? "";
            if (!(mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
                  || (mediaType.StartsWith("application/", StringComparison.OrdinalIgnoreCase) && mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase))))
            {
                return Failure(url, OAuthErrors.InvalidClientMetadata, "the document is not served as application/json");
            }

            if (response.Content.Headers.ContentLength > settings.MaxDocumentBytes)
            {
                return Failure(url, OAuthErrors.InvalidClientMetadata, $"the document is larger than {settings.MaxDocumentBytes} bytes");
            }

            var body = await ReadCappedAsync(response.Content, settings.MaxDocumentBytes, timeout.Token).ConfigureAwait(false);
            if (body is null)
            {
                return Failure(url, OAuthErrors.InvalidClientMetadata, $"the document is larger than {settings.MaxDocumentBytes} bytes");
            }

            var fetchedAt = clock.GetUtcNow();
            var metadata = Validate(url, body, fetchedAt);
            return new FetchedDocument(url, metadata, fetchedAt, null, null, Lifetime(response, fetchedAt, settings));
        }
        catch (OAuthException e)
        {
            return Failure(url, e.Error, e.Description);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            return Failure(url, OAuthErrors.InvalidClient, $"the document could not be fetched within {settings.FetchTimeout.TotalSeconds:0.#} s");
        }
        catch (HttpRequestException e)
        {
            var refused = e as ForbiddenAddressException ?? e.InnerException as ForbiddenAddressException;
            return Failure(url, OAuthErrors.InvalidClient, refused is not null
                ? "the document URL is not allowed: " + refused.Message
                : "the document could not be fetched (" + (e.HttpRequestError == HttpRequestError.Unknown ? "network error" : e.HttpRequestError.ToString()) + ")");
        }
    }

    /// <summary>The body, or null when it is longer than <paramref name="max"/> bytes (reading stops there).</summary>
    private static async Task<byte[]?> ReadCappedAsync(HttpContent content, int max, CancellationToken ct)
    {
        await using var stream = await content.ReadAsStreamAsync(ct).ConfigureAwait(false);
        var buffer = new byte[max + 1];
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await stream.ReadAsync(buffer.AsMemory(read), ct).ConfigureAwait(false);
            if (n == 0)
            {
                return buffer[..read];
            }

            read += n;
        }

        return null;
    }

    private static ClientMetadata Validate(string url, byte[] body, DateTimeOffset fetchedAt)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, ClientMetadataJson.StrictJson);
        }
        catch (JsonException)
        {
            throw new OAuthException(OAuthErrors.InvalidClientMetadata, "the document is not valid JSON (or has duplicate members)");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new OAuthException(OAuthErrors.InvalidClientMetadata, "the document is not a JSON object");
            }

            var metadata = ClientMetadataJson.Read(root);
            var hasSecret = root.TryGetProperty("client_secret", out _) || root.TryGetProperty("client_secret_expires_at", out _);
            if (ClientIdMetadataDocument.CheckDocument(url, ClientMetadataJson.String(root, "client_id"), metadata, hasSecret) is { } problem)
            {
                throw new OAuthException(OAuthErrors.InvalidClientMetadata, problem);
            }

            OAuthClient.FromMetadataDocument(url, metadata, fetchedAt); // throws when the metadata breaks a registration rule
            return metadata;
        }
    }

    /// <summary>How long the document may be kept: its caching headers (max-age, Expires; no-store and no-cache as 0), within the bounds.</summary>
    internal static TimeSpan Lifetime(HttpResponseMessage response, DateTimeOffset now, ClientMetadataDocumentOptions settings)
    {
        var cacheControl = response.Headers.CacheControl;
        TimeSpan? lifetime = cacheControl switch
        {
            { NoStore: true } or { NoCache: true } => TimeSpan.Zero,
            { MaxAge: { } maxAge } => maxAge,
            _ => response.Content.Headers.Expires is { } expires ? expires - (response.Headers.Date ?? now) : null,
        };
        var wanted = lifetime ?? settings.MinCacheLifetime;
        return wanted < settings.MinCacheLifetime ? settings.MinCacheLifetime : wanted > settings.MaxCacheLifetime ? settings.MaxCacheLifetime : wanted;
    }

    private FetchedDocument Failure(string url, string error, string description)
    {
        LogRefused(url, error, description);
        return new FetchedDocument(url, null, clock.GetUtcNow(), error, description, options.Value.FailureCacheLifetime);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Client ID metadata document {Url} refused: {Error} ({Description})")]
    private partial void LogRefused(string url, string error, string description);
}
