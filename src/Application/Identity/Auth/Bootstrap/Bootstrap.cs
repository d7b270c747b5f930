using MediatR;
using Microsoft.EntityFrameworkCore;
using Platform.Application.Common.Interfaces;
using Platform.Application.Common.Security;
using Platform.Application.Common.Validation;
using Platform.Application.Identity.Sessions;
using Platform.Domain.Common;
using Platform.Domain.Identity;

namespace Platform.Application.Identity.Auth.Bootstrap;

/// <summary>Creates the first user (system owner) and signs them in. 409 once any user exists.</summary>
[AllowAnonymous]
public sealed record BootstrapCommand(string? Email, string? Password, [property: NameText] string? Name, string? UserAgent = null, string? IpAddress = null)
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
