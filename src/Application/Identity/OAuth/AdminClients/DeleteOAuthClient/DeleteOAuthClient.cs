using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Platform.Application.Common.Auditing;
using Platform.Application.Common.Security;
using Platform.Domain.Identity;

namespace Platform.Application.Identity.OAuth.AdminClients.DeleteOAuthClient;

/// <summary>
/// Deletes a registered client: its consents, authorization codes and refresh tokens go with it,
/// so it can no longer refresh (access tokens it holds expire within the hour).
/// </summary>
[Authorize(Roles = [SystemRole.Owner, SystemRole.Admin])]
public sealed record DeleteOAuthClientCommand(string ClientId) : IRequest<AdminOAuthClientDto>, IAuditedRequest<AdminOAuthClientDto>
{
    public AuditDescription DescribeAudit(AdminOAuthClientDto response) =>
        new("oauth_client.delete", "oauth_client", ClientId, new Dictionary<string, object?>
        {
            ["clientName"] = response.ClientName,
            ["consents"] = response.Consents,
            ["activeRefreshTokens"] = response.ActiveRefreshTokens,
        });
}

internal sealed class DeleteOAuthClientCommandHandler(IOAuthDbContext db, TimeProvider clock) : IRequestHandler<DeleteOAuthClientCommand, AdminOAuthClientDto>
{
    public async Task<AdminOAuthClientDto> Handle(DeleteOAuthClientCommand request, CancellationToken cancellationToken)
    {
        var client = await db.OAuthClients.AsNoTracking().Where(c => c.ClientId == request.ClientId)
            .Select(AdminOAuthClientDto.Projection(db, clock.GetUtcNow())).FirstOrDefaultAsync(cancellationToken)
            ?? throw AdminOAuthClientDto.NotFound(request.ClientId);

        // Codes, refresh tokens and consents go by the schema's ON DELETE CASCADE.
        await db.OAuthClients.Where(c => c.ClientId == request.ClientId).ExecuteDeleteAsync(cancellationToken);
        return client;
    }
}
