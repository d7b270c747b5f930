using FluentValidation;
using MediatR;
using Platform.Application.Common.Auditing;
using Platform.Application.Common.Security;
using Platform.Application.Common.Validation;
using Platform.Domain.Common;
using Platform.Domain.Identity;

namespace Platform.Application.Identity.Admin.Users.UpdateUser;

/// <summary>
/// Renames a user and/or changes their system role (fields left null stay as they are). Only an
/// owner may change an owner or make someone an owner; the last active owner keeps the role.
/// </summary>
[Authorize(Roles = [Domain.Identity.SystemRole.Owner, Domain.Identity.SystemRole.Admin])]
public sealed record UpdateUserCommand(int UserId, [property: NameText] string? Name, string? SystemRole) : IRequest<AdminUserDto>, IAuditedRequest<AdminUserDto>
{
    public AuditDescription DescribeAudit(AdminUserDto response) =>
        AuditDescription.For("user.update", "user", UserId, new Dictionary<string, object?>
        {
            ["name"] = Name is null ? null : response.Name,
            ["systemRole"] = SystemRole is null ? null : response.SystemRole.ToWire(),
        });
}

internal sealed class UpdateUserCommandValidator : AbstractValidator<UpdateUserCommand>
{
    public UpdateUserCommandValidator()
    {
        RuleFor(c => c)
            .Must(c => c.Name is not null || c.SystemRole is not null)
            .WithMessage("validation: nothing to update (name or systemRole)")
            .OverridePropertyName("body");
        RuleFor(c => c.Name)
            .Must(n => n is null || n.Trim().Length is > 0 and <= User.MaxNameLength)
            .WithMessage("validation: invalid name");
        RuleFor(c => c.SystemRole)
            .Must(r => r is null || SystemRoleNames.TryParse(r, out _))
            .WithMessage("validation: invalid systemRole");
    }
}

internal sealed class UpdateUserCommandHandler(IIdentityDbContext db, ICurrentUser currentUser, TimeProvider clock)
    : IRequestHandler<UpdateUserCommand, AdminUserDto>
{
    public async Task<AdminUserDto> Handle(UpdateUserCommand request, CancellationToken cancellationToken)
    {
        var user = await AdminUserRules.LoadForChangeAsync(db, currentUser, request.UserId, cancellationToken);

        if (request.SystemRole is not null)
        {
            SystemRoleNames.TryParse(request.SystemRole, out var role);
            if (role == SystemRole.Owner && currentUser.SystemRole != SystemRole.Owner)
            {
                throw new ForbiddenException("only an owner can make another owner");
            }

            if (role != SystemRole.Owner)
            {
                await AdminUserRules.EnsureAnotherActiveOwnerAsync(db, user, cancellationToken);
            }

            user.ChangeRole(role);
        }

        if (request.Name is not null)
        {
            user.Rename(request.Name);
        }

        await db.SaveChangesAsync(cancellationToken);
        return await AdminUserDto.LoadAsync(db, user.Id, clock.GetUtcNow(), cancellationToken);
    }
}
