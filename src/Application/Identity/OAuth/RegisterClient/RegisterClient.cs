using MediatR;
using Platform.Application.Common.Security;
using Platform.Application.Common.Validation;
using Platform.Domain.Identity.OAuth;

namespace Platform.Application.Identity.OAuth.RegisterClient;

/// <summary>Open dynamic client registration (RFC 7591): anyone may register a client.</summary>
[AllowAnonymous]
[TextRuleExempt(OAuthText.Reason)]
public sealed record RegisterClientCommand(ClientMetadata Metadata) : IRequest<RegisteredClientDto>;

/// <summary>
/// The registration response: the stored metadata plus the credentials. <see cref="ClientSecret"/>
/// is the only time the plaintext secret exists (public clients get none).
/// </summary>
public sealed record RegisteredClientDto(
    string ClientId,
    DateTimeOffset ClientIdIssuedAt,
    string? ClientSecret,
    IReadOnlyList<string> RedirectUris,
    string TokenEndpointAuthMethod,
    IReadOnlyList<string> GrantTypes,
    IReadOnlyList<string> ResponseTypes,
    string? ClientName,
    string? ClientUri,
    string? LogoUri,
    string? Scope,
    IReadOnlyList<string>? Contacts,
    string? TosUri,
    string? PolicyUri,
    string? SoftwareId,
    string? SoftwareVersion,
    string? ApplicationType);

internal sealed class RegisterClientCommandHandler(IOAuthDbContext db, TimeProvider clock) : IRequestHandler<RegisterClientCommand, RegisteredClientDto>
{
    public async Task<RegisteredClientDto> Handle(RegisterClientCommand request, CancellationToken cancellationToken)
    {
        string? secret = null;
        var client = OAuthClient.Register(request.Metadata, OAuthSecrets.NewClientId(), () =>
        {
            secret = OAuthSecrets.NewToken();
            return OAuthSecrets.Hash(secret);
        }, clock.GetUtcNow());

        db.OAuthClients.Add(client);
        await db.SaveChangesAsync(cancellationToken);

        // Explicit (decision 0209): the RFC 7591 registration response, with the one-time plaintext secret that the entity never holds.
        return new RegisteredClientDto(
            client.ClientId, client.CreatedAt, secret, client.RedirectUris, client.TokenEndpointAuthMethod, client.GrantTypes, client.ResponseTypes,
            client.ClientName, client.ClientUri, client.LogoUri, client.Scope, client.Contacts, client.TosUri, client.PolicyUri,
            client.SoftwareId, client.SoftwareVersion, client.ApplicationType);
    }
}
