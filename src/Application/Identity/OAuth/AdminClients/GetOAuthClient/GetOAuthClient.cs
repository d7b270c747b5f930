using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Platform.Application.Common.Security;
using Platform.Domain.Identity;

namespace Platform.Application.Identity.OAuth.AdminClients.GetOAuthClient;

/// <summary>One registered client by its public client_id.</summary>
[Authorize(Roles = [SystemRole.Owner, SystemRole.Admin])]
public sealed record GetOAuthClientQuery(string ClientId) : IRequest<AdminOAuthClientDto>;

internal sealed class GetOAuthClientQueryHandler(IOAuthDbContext db, TimeProvider clock) : IRequestHandler<GetOAuthClientQuery, AdminOAuthClientDto>
{
    public async Task<AdminOAuthClientDto> Handle(GetOAuthClientQuery request, CancellationToken cancellationToken) =>
        await db.OAuthClients.AsNoTracking().Where(c => c.ClientId == request.ClientId)
            .Select(AdminOAuthClientDto.Projection(db, clock.GetUtcNow())).FirstOrDefaultAsync(cancellationToken)
        ?? throw AdminOAuthClientDto.NotFound(request.ClientId);
}
