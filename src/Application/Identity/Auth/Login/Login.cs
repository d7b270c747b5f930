using MediatR;
using Microsoft.EntityFrameworkCore;
using Platform.Application.Common.Interfaces;
using Platform.Application.Common.Security;
using Platform.Application.Common.Telemetry;
using Platform.Application.Identity.Sessions;
using Platform.Domain.Common;
using Platform.Domain.Identity;

namespace Platform.Application.Identity.Auth.Login;

[AllowAnonymous]
public sealed record LoginCommand(string? Email, string? Password, string? ClientIp, string? UserAgent = null) : IRequest<SignedInUser>;

/// <summary>
/// Sign-in limits (decision 0006, security review finding 8), counted by every node together: only
/// failures count; 10 failures from one address within a minute refuse that address (429); 10
/// failures for one e-mail within a minute slow every further attempt for it by a second, but never
/// refuse it, so nobody can lock a user out by failing on purpose.
/// </summary>
public static class LoginLimits
{
    public const int MaxFailures = 10;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan SlowDown = TimeSpan.FromSeconds(1);
    public static readonly RateLimitPolicy FailuresPerAddress = new("login.failures.ip", MaxFailures, Window);
    public static readonly RateLimitPolicy FailuresPerEmail = new("login.failures.email", MaxFailures, Window);
}

internal sealed class LoginCommandHandler(
    IIdentityDbContext db, IPasswordHasher hasher, SessionService sessions, IRateLimiter limiter, IServerSettings settings, TimeProvider clock, PlatformMetrics metrics)
    : IRequestHandler<LoginCommand, SignedInUser>
{
    public async Task<SignedInUser> Handle(LoginCommand request, CancellationToken cancellationToken)
    {
        if (settings.Mode == ServerMode.Anonymous)
        {
            throw new NotFoundException();
        }

        var email = User.NormalizeEmail(request.Email ?? "");
        var address = request.ClientIp ?? "unknown";
        if (await limiter.PeekAsync(LoginLimits.FailuresPerAddress, address, cancellationToken) >= LoginLimits.MaxFailures)
        {
            metrics.RateLimitRejected(LoginLimits.FailuresPerAddress.Name);
            throw new RateLimitedException();
        }

        if (email.Length > 0 && await limiter.PeekAsync(LoginLimits.FailuresPerEmail, email, cancellationToken) >= LoginLimits.MaxFailures)
        {
            await Task.Delay(LoginLimits.SlowDown, clock, cancellationToken);
        }

        try
        {
            return await SignInAsync(request, email, cancellationToken);
        }
        catch (AuthRequiredException)
        {
            metrics.LoginFailed();
            await limiter.HitAsync(LoginLimits.FailuresPerAddress, address, cancellationToken);
            if (email.Length > 0)
            {
                await limiter.HitAsync(LoginLimits.FailuresPerEmail, email, cancellationToken);
            }

            throw;
        }
    }

    private async Task<SignedInUser> SignInAsync(LoginCommand request, string email, CancellationToken cancellationToken)
    {
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
