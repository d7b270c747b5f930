using MediatR;
using Microsoft.EntityFrameworkCore;
using Platform.Application.Common.Interfaces;
using Platform.Application.Common.Security;
using Platform.Application.Identity.Sessions;
using Platform.Domain.Common;
using Platform.Domain.Identity;

namespace Platform.Application.Identity.Auth.Login;

[AllowAnonymous]
public sealed record LoginCommand(string? Email, string? Password, string? ClientIp, string? UserAgent = null) : IRequest<SignedInUser>;

internal sealed class LoginCommandHandler(
    IIdentityDbContext db, IPasswordHasher hasher, SessionService sessions, ILoginRateLimiter rateLimiter, IServerSettings settings)
    : IRequestHandler<LoginCommand, SignedInUser>
{
    public async Task<SignedInUser> Handle(LoginCommand request, CancellationToken cancellationToken)
    {
        if (settings.Mode == ServerMode.Anonymous)
        {
            throw new NotFoundException();
        }

        var email = User.NormalizeEmail(request.Email ?? "");
        if (!rateLimiter.TryAcquire(request.ClientIp, email))
        {
            throw new RateLimitedException();
        }

        var password = (request.Password ?? "").Trim();
        if (email.Length == 0 || password.Length == 0 || email.Length > User.MaxEmailLength || password.Length > Credentials.MaxPasswordLength)
        {
            throw new AuthRequiredException("unauthorized");
        }

        var user = await db.Users.FirstOrDefaultAsync(u => u.Email == email, cancellationToken);
        if (user is null)
        {
            hasher.SimulateVerify(password); // same cost as a real check: no user enumeration by timing
            throw new AuthRequiredException("unauthorized");
        }

        if (!hasher.Verify(user.PasswordHash, password, out var needsRehash) || user.IsDisabled)
        {
            throw new AuthRequiredException("unauthorized");
        }

        if (needsRehash)
        {
            user.SetPasswordHash(hasher.Hash(password));
        }

        return await sessions.StartAsync(user, request.UserAgent, request.ClientIp, cancellationToken);
    }
}
