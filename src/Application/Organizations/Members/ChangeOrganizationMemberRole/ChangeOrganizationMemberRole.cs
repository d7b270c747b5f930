using FluentValidation;
using MapsterMapper;
using MediatR;
using Platform.Application.Common.Auditing;
using Platform.Application.Common.Security;
using Platform.Application.Identity.Directory;
using Platform.Domain.Identity;
using Platform.Domain.Organizations;

namespace Platform.Application.Organizations.Members.ChangeOrganizationMemberRole;

/// <summary>Changes a member's role in the organization (owner, admin or member).</summary>
[Authorize(Roles = [SystemRole.Owner, SystemRole.Admin])]
public sealed record ChangeOrganizationMemberRoleCommand(int OrganizationId, int UserId, string? Role)
    : IRequest<AdminOrganizationMemberDto>, IAuditedRequest<AdminOrganizationMemberDto>
{
    public AuditDescription DescribeAudit(AdminOrganizationMemberDto response) =>
        AuditDescription.For("organization.member_role_change", "organization", OrganizationId, new Dictionary<string, object?>
        {
            ["userId"] = UserId,
            ["role"] = response.Role.ToWire(),
        });
}

internal sealed class ChangeOrganizationMemberRoleCommandValidator : AbstractValidator<ChangeOrganizationMemberRoleCommand>
{
    public ChangeOrganizationMemberRoleCommandValidator() =>
        RuleFor(c => c.Role).Must(r => OrganizationRoleNames.TryParse(r, out _)).WithMessage("role must be one of owner, admin, member");
}

internal sealed class ChangeOrganizationMemberRoleCommandHandler(IOrganizationsDbContext db, IUserDirectory users, IMapper mapper)
    : IRequestHandler<ChangeOrganizationMemberRoleCommand, AdminOrganizationMemberDto>
{
    public async Task<AdminOrganizationMemberDto> Handle(ChangeOrganizationMemberRoleCommand request, CancellationToken cancellationToken)
    {
        var member = await AdminMembers.LoadAsync(db, request.OrganizationId, request.UserId, cancellationToken);
        member.ChangeRole(OrganizationRoleNames.FromWire(request.Role!));
        await db.SaveChangesAsync(cancellationToken);
        return (await AdminMembers.WithUsersAsync([mapper.Map<OrganizationMember, OrganizationMemberDto>(member)], users, cancellationToken))[0];
    }
}
