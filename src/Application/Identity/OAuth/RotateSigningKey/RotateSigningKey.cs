using MediatR;
using Platform.Application.Common.Auditing;
using Platform.Application.Common.Security;
using Platform.Domain.Identity;

namespace Platform.Application.Identity.OAuth.RotateSigningKey;

/// <summary>
/// An owner or admin rotates the token-signing key: a new key signs from now on, the old one
/// stays published in the JWKS so tokens it signed keep verifying until they expire.
/// </summary>
[Authorize(Roles = [SystemRole.Owner, SystemRole.Admin])]
public sealed record RotateSigningKeyCommand : IRequest<SigningKeyDto>, IAuditedRequest<SigningKeyDto>
{
    // The key store commits the rotation in its own transaction (it serves every node and request);
    // the audit row follows in the request's, right after.
    public AuditDescription DescribeAudit(SigningKeyDto response) =>
        new("signing_key.rotate", "signing_key", response.KeyId, new Dictionary<string, object?> { ["algorithm"] = response.Algorithm });
}

internal sealed class RotateSigningKeyCommandHandler(ISigningKeyManager keys) : IRequestHandler<RotateSigningKeyCommand, SigningKeyDto>
{
    public Task<SigningKeyDto> Handle(RotateSigningKeyCommand request, CancellationToken cancellationToken) => keys.RotateAsync(cancellationToken);
}
