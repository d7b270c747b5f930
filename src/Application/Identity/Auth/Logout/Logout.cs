using MapsterMapper;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Platform.Application.Common.Interfaces;
using Platform.Application.Common.Mapping;
using Platform.Application.Common.Security;
using Platform.Application.Identity.Sessions;
using Platform.Domain.Common;
using Platform.Domain.Identity;

namespace Platform.Application.Identity.Auth.Logout;

[AllowAnonymous]
public sealed record LogoutCommand(string? SessionToken) : IRequest<Unit>;

internal sealed class LogoutCommandHandler(SessionService sessions) : IRequestHandler<LogoutCommand, Unit>
{
    public async Task<Unit> Handle(LogoutCommand request, CancellationToken cancellationToken)
    {
        await sessions.EndAsync(request.SessionToken, cancellationToken);
        return Unit.Value;
    }
}
