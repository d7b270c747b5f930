using MapsterMapper;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Platform.Application.Common.Interfaces;
using Platform.Application.Common.Mapping;
using Platform.Application.Common.Security;
using Platform.Application.Identity.Sessions;
using Platform.Domain.Common;
using Platform.Domain.Identity;

namespace Platform.Application.Identity.Auth;

public sealed record AuthStatusDto(UserDto? User, bool BootstrapAvailable, ServerMode Mode);

[AllowAnonymous]
public sealed record GetAuthStatusQuery : IRequest<AuthStatusDto>;

internal sealed class GetAuthStatusQueryHandler(IIdentityDbContext db, ICurrentUser currentUser, IServerSettings settings, IMapper mapper)
    : IRequestHandler<GetAuthStatusQuery, AuthStatusDto>
{
    public async Task<AuthStatusDto> Handle(GetAuthStatusQuery request, CancellationToken cancellationToken)
    {
        if (settings.Mode == ServerMode.Anonymous)
        {
            return new AuthStatusDto(null, false, ServerMode.Anonymous);
        }

        UserDto? user = null;
        if (currentUser.UserId is { } id)
        {
            user = await db.Users.AsNoTracking().Where(u => u.Id == id).ProjectToDto<UserDto>(mapper.Config).FirstOrDefaultAsync(cancellationToken);
        }

        var bootstrapAvailable = user is null && !await db.Users.AnyAsync(cancellationToken);
        return new AuthStatusDto(user, bootstrapAvailable, ServerMode.Full);
    }
}

/// <summary>Creates the first user (system owner) and signs them in. 409 once any user exists.</summary>
[AllowAnonymous]
public sealed record BootstrapCommand(string? Email, string? Password, string? Name, string? UserAgent = null, string? IpAddress = null)
    : IRequest<SignedInUser>;

internal sealed class BootstrapCommandHandler(
    IIdentityDbContext db, IPasswordHasher hasher, SessionService sessions, TimeProvider clock, IServerSettings settings)
    : IRequestHandler<BootstrapCommand, SignedInUser>
{
    public async Task<SignedInUser> Handle(BootstrapCommand request, CancellationToken cancellationToken)
    {
        if (settings.Mode == ServerMode.Anonymous)
        {
            throw new NotFoundException();
        }

        if (await db.Users.AnyAsync(cancellationToken))
        {
            throw new ConflictException("already bootstrapped");
        }

        var (email, password, name) = Credentials.ValidateNewUser(request.Email, request.Password, request.Name);
        var user = User.Create(email, name, hasher.Hash(password), SystemRole.Owner, isBootstrap: true, clock.GetUtcNow());
        db.Users.Add(user);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // A concurrent bootstrap won the unique "only one bootstrap user" index.
            throw new ConflictException("already bootstrapped");
        }

        return await sessions.StartAsync(user, request.UserAgent, request.IpAddress, cancellationToken);
    }
}

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

[Authorize]
public sealed record GetMeQuery : IRequest<UserDto>;

internal sealed class GetMeQueryHandler(IIdentityDbContext db, ICurrentUser currentUser, IMapper mapper) : IRequestHandler<GetMeQuery, UserDto>
{
    public async Task<UserDto> Handle(GetMeQuery request, CancellationToken cancellationToken)
    {
        var id = currentUser.RequireUserId();
        return await db.Users.AsNoTracking().Where(u => u.Id == id && u.DisabledAt == null).ProjectToDto<UserDto>(mapper.Config).FirstOrDefaultAsync(cancellationToken)
            ?? throw new AuthRequiredException("unauthorized");
    }
}

/// <summary>The rules a new user's credentials follow (bootstrap and admin-created users alike).</summary>
public static class Credentials
{
    public const int MinPasswordLength = 8;
    public const int MaxPasswordLength = 1024;

    public static (string Email, string Password, string Name) ValidateNewUser(string? email, string? password, string? name)
    {
        var normalizedEmail = User.NormalizeEmail(email ?? "");
        if (!normalizedEmail.Contains('@', StringComparison.Ordinal) || normalizedEmail.Length > User.MaxEmailLength)
        {
            throw new ValidationFailedException("validation: invalid email");
        }

        var trimmedPassword = ValidatePassword(password);

        var trimmedName = (name ?? "").Trim();
        if (trimmedName.Length == 0 || trimmedName.Length > User.MaxNameLength)
        {
            throw new ValidationFailedException("validation: invalid name");
        }

        return (normalizedEmail, trimmedPassword, trimmedName);
    }

    public static string ValidatePassword(string? password)
    {
        var trimmed = (password ?? "").Trim();
        if (trimmed.Length == 0)
        {
            throw new ValidationFailedException("validation: password required");
        }

        if (System.Text.Encoding.UTF8.GetByteCount(trimmed) < MinPasswordLength)
        {
            throw new ValidationFailedException("validation: password too short");
        }

        if (trimmed.Length > MaxPasswordLength)
        {
            throw new ValidationFailedException("validation: password too long");
        }

        return trimmed;
    }
}
