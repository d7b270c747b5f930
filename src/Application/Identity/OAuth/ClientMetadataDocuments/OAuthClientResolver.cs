using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Platform.Application.Common.Telemetry;
using Platform.Domain.Common;
using Platform.Domain.Identity.OAuth;

namespace Platform.Application.Identity.OAuth.ClientMetadataDocuments;

/// <summary>
/// The client an authorization request names. A registered <c>client_id</c> is looked up; a URL
/// <c>client_id</c> is resolved through its metadata document (<see cref="IClientMetadataDocuments"/>)
/// and stored like a registered client, so consents, codes, refresh tokens and the admin API work
/// unchanged. The stored row is what all nodes share; each newer fetch updates it (decision 0304).
/// </summary>
internal sealed class OAuthClientResolver(IOAuthDbContext db, IClientMetadataDocuments documents, IOptions<ClientMetadataDocumentOptions> options, PlatformMetrics metrics)
{
    public async Task<ClientMetadataDocumentLookup> FindForAuthorizationAsync(string clientId, CancellationToken ct)
    {
        if (clientId.Length > OAuthClient.MaxClientIdLength || TextRules.Problem(clientId) is not null)
        {
            return Unknown();
        }

        if (!ClientIdMetadataDocument.IsUrlClientId(clientId) || !options.Value.Enabled)
        {
            var registered = await db.OAuthClients.AsNoTracking().FirstOrDefaultAsync(c => c.ClientId == clientId, ct);
            return registered is null ? Unknown() : new ClientMetadataDocumentLookup(registered, null, null);
        }

        var lookup = await documents.GetAsync(clientId, ct);
        if (lookup.Client is not { } fetched)
        {
            return lookup;
        }

        var stored = await db.OAuthClients.FirstOrDefaultAsync(c => c.ClientId == clientId, ct);
        if (stored is null)
        {
            db.OAuthClients.Add(fetched);
            try
            {
                await db.SaveChangesAsync(ct);
                metrics.ClientRegistered("metadata_document");
                return lookup;
            }
            catch (DbUpdateException)
            {
                // Another request or node stored the same client a moment ago (unique client_id).
                db.OAuthClients.Remove(fetched);
                stored = await db.OAuthClients.FirstOrDefaultAsync(c => c.ClientId == clientId, ct);
                if (stored is null)
                {
                    throw;
                }
            }
        }

        if (stored.IsMetadataDocumentClient && stored.MetadataFetchedAt < fetched.MetadataFetchedAt)
        {
            stored.UpdateFromMetadataDocument(fetched);
            await db.SaveChangesAsync(ct);
        }

        return new ClientMetadataDocumentLookup(stored, null, null);
    }

    private static ClientMetadataDocumentLookup Unknown() => ClientMetadataDocumentLookup.UnknownClient;
}
