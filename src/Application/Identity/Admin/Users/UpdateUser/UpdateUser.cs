using FluentValidation;
using MediatR;
using Platform.Application.Common;
using Platform.Application.Common.Auditing;
using Platform.Application.Common.Security;
using Platform.Application.Common.Validation;
using Platform.Domain.Common;
using Platform.Domain.Identity;

namespace Platform.Application.Identity.Admin.Users.UpdateUser;

/// <summary>
/// Renames a user and/or changes their system role (absent fields stay as they are). Only an
/// owner may change an owner or make someone an owner; the last active owner keeps the role.
/// </summary>
[Authorize(Roles = [Domain.Identity.SystemRole.Owner, Domain.Identity.SystemRole.Admin])]
public sealed record UpdateUserCommand(int UserId, [property: NameText] Optional<string> Name, Optional<string> SystemRole) : IRequest<AdminUserDto>, IAuditedRequest<AdminUserDto>
{
    public AuditDescription DescribeAudit(AdminUserDto response) =>
        AuditDescription.For("user.update", "user", UserId, new Dictionary<string, object?>
        {
            ["name"] = Name.HasValue ? response.Name : null,
            ["systemRole"] = SystemRole.HasValue ? response.SystemRole.ToWire() : null,
        });
}

internal sealed class UpdateUserCommandValidator : AbstractValidator<UpdateUserCommand>
{
    public UpdateUserCommandValidator()
    {
        RuleFor(c => c)
            .Must(c => c.Name.HasValue || c.SystemRole.HasValue)
            .WithMessage("validation: nothing to update (name or systemRole)")
            .OverridePropertyName("body");
        RuleFor(c => c.Name)
            .Must(n => !n.HasValue || n.Value is { } s && s.Trim().Length is > 0 and <= User.MaxNameLength)
            .WithMessage("validation: invalid name");
        RuleFor(c => c.SystemRole)
            .Must(r => !r.HasValue || SystemRoleNames.TryParse(r.Value, out _))
            .WithMessage("validation: invalid systemRole");
    }
}

internal sealed class UpdateUserCommandHandler(IIdentityDbContext db, ICurrentUser currentUser, TimeProvider clock)
    : IRequestHandler<UpdateUserCommand, AdminUserDto>
{
    public async Task<AdminUserDto> Handle(UpdateUserCommand request, CancellationToken cancellationToken)
    {
        var user = await AdminUserRules.LoadForChangeAsync(db, currentUser, request.UserId, cancellationToken);

        if (request.SystemRole.HasValue)
        {
            SystemRoleNames.TryParse(request.SystemRole.Value, out var role);
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

        if (request.Name.HasValue)
        {
            user.Rename(request.Name.Value);
        }

        await db.SaveChangesAsync(cancellationToken);
        return await AdminUserDto.LoadAsync(db, user.Id, clock.GetUtcNow(), cancellationToken);
    }
}
