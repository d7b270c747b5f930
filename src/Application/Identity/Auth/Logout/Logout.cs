using MediatR;
using Platform.Application.Common.Security;
using Platform.Application.Identity.Sessions;

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
