using MapsterMapper;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Platform.Application.Common.Auditing;
using Platform.Application.Common.Interfaces;
using Platform.Application.Common.Security;
using Platform.Application.Common.Validation;
using Platform.Application.Identity.Auth;
using Platform.Domain.Common;
using Platform.Domain.Identity;

namespace Platform.Application.Identity.Users.CreateUser;

/// <summary>An owner or admin creates a user. Only an owner may create another owner.</summary>
[Authorize(Roles = [Domain.Identity.SystemRole.Owner, Domain.Identity.SystemRole.Admin])]
public sealed record CreateUserCommand(string? Email, string? Password, [property: NameText] string? Name, string? SystemRole) : IRequest<UserDto>, IAuditedRequest<UserDto>
{
    // Never the password.
    public AuditDescription DescribeAudit(UserDto response) =>
        AuditDescription.For("user.create", "user", response.Id, new Dictionary<string, object?>
        {
            ["email"] = response.Email,
            ["systemRole"] = response.SystemRole.ToWire(),
        });

    public override string ToString() => $"CreateUserCommand {{ Email = {Email}, SystemRole = {SystemRole} }}";
}

internal sealed class CreateUserCommandHandler(IIdentityDbContext db, IPasswordHasher hasher, ICurrentUser currentUser, TimeProvider clock, IMapper mapper)
    : IRequestHandler<CreateUserCommand, UserDto>
{
    public async Task<UserDto> Handle(CreateUserCommand request, CancellationToken cancellationToken)
    {
        var (email, password, name) = Credentials.ValidateNewUser(request.Email, request.Password, request.Name);
        var role = SystemRole.User;
        if (!string.IsNullOrWhiteSpace(request.SystemRole) && !SystemRoleNames.TryParse(request.SystemRole, out role))
        {
            throw ValidationFailedException.ForField("validation: invalid systemRole", "systemRole");
        }

        if (role == SystemRole.Owner && currentUser.SystemRole != SystemRole.Owner)
        {
            throw new ForbiddenException("only an owner can create another owner");
        }

        if (await db.Users.AnyAsync(u => u.Email == email, cancellationToken))
        {
            throw new ConflictException("conflict: email already in use");
        }

        var user = User.Create(email, name, hasher.Hash(password), role, isBootstrap: false, clock.GetUtcNow());
        db.Users.Add(user);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            throw new ConflictException("conflict: email already in use");
        }

        return mapper.Map<User, UserDto>(user);
    }
}
