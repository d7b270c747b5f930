using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Platform.Application.Identity.OAuth.ClientMetadataDocuments;
using Platform.Domain.Identity.OAuth;

namespace Platform.Infrastructure.Security.ClientMetadataDocuments;

/// <summary>
/// Each node's bounded in-memory cache of client ID metadata documents (decision 0304): a document
/// is kept for its HTTP caching lifetime within the configured bounds, a failure for a minute; at
/// most <see cref="ClientMetadataDocumentOptions.MaxCachedDocuments"/> entries (the one expiring
/// first makes room); and one fetch in flight per URL, which every concurrent request awaits.
/// </summary>
internal sealed class ClientMetadataDocumentCache(ClientMetadataDocumentFetcher fetcher, IOptions<ClientMetadataDocumentOptions> options, TimeProvider clock)
    : IClientMetadataDocuments
{
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<Task<FetchedDocument>>> _inFlight = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>How many documents and failures this node holds (tests).</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _entries.Count;
            }
        }
    }

    public async Task<ClientMetadataDocumentLookup> GetAsync(string url, CancellationToken ct)
    {
        if (ClientIdMetadataDocument.CheckUrl(url, options.Value.AllowHttpLoopback) is { } problem)
        {
            return ClientMetadataDocumentLookup.Failed(OAuthErrors.InvalidClient, problem);
        }

        lock (_lock)
        {
            if (_entries.TryGetValue(url, out var cached) && cached.ExpiresAt > clock.GetUtcNow())
            {
                return cached.Document.ToLookup();
            }
        }

        var fetch = _inFlight.GetOrAdd(url, u => new Lazy<Task<FetchedDocument>>(() => FetchAndStoreAsync(u)));
        var fetched = await fetch.Value.WaitAsync(ct).ConfigureAwait(false);
        return fetched.ToLookup();
    }

    /// <summary>Forgets every cached document (tests).</summary>
    public void Clear()
    {
        lock (_lock)
        {
            _entries.Clear();
        }
    }

    private async Task<FetchedDocument> FetchAndStoreAsync(string url)
    {
        try
        {
            // A fetch that finished between this caller's cache check and its turn here already stored the answer.
            lock (_lock)
            {
                if (_entries.TryGetValue(url, out var cached) && cached.ExpiresAt > clock.GetUtcNow())
                {
                    return cached.Document;
                }
            }

            var fetched = await fetcher.FetchAsync(url).ConfigureAwait(false);
            Store(url, fetched);
            return fetched;
        }
        finally
        {
            _inFlight.TryRemove(url, out _);
        }
    }

    private void Store(string url, FetchedDocument fetched)
    {
        var now = clock.GetUtcNow();
        lock (_lock)
        {
            _entries.Remove(url);
            if (fetched.Lifetime <= TimeSpan.Zero)
            {
                return;
            }

            if (_entries.Count >= options.Value.MaxCachedDocuments)
            {
                foreach (var expired in _entries.Where(e => e.Value.ExpiresAt <= now).Select(e => e.Key).ToList())
                {
                    _entries.Remove(expired);
                }

                while (_entries.Count >= options.Value.MaxCachedDocuments)
                {
                    _entries.Remove(_entries.MinBy(e => e.Value.ExpiresAt).Key);
                }
            }

            _entries[url] = new Entry(fetched, now + fetched.Lifetime);
        }
    }

    private sealed record Entry(FetchedDocument Document, DateTimeOffset ExpiresAt);
}
