using MediatR;
using Platform.Application.Common.Security;
using Platform.Domain.Identity;

namespace Platform.Application.Identity.OAuth.ListSigningKeys;

/// <summary>The signing keys (current, previous, retired; the AUTH_SIGNING_KEY_FILE key when set), newest first.</summary>
[Authorize(Roles = [SystemRole.Owner, SystemRole.Admin])]
public sealed record ListSigningKeysQuery : IRequest<IReadOnlyList<SigningKeyDto>>;

internal sealed class ListSigningKeysQueryHandler(ISigningKeyManager keys) : IRequestHandler<ListSigningKeysQuery, IReadOnlyList<SigningKeyDto>>
{
    public Task<IReadOnlyList<SigningKeyDto>> Handle(ListSigningKeysQuery request, CancellationToken cancellationToken) => keys.ListAsync(cancellationToken);
}
