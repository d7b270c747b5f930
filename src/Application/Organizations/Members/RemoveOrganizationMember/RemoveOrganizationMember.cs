using MapsterMapper;
using MediatR;
using Platform.Application.Common.Auditing;
using Platform.Application.Common.Security;
using Platform.Domain.Identity;
using Platform.Domain.Organizations;

namespace Platform.Application.Organizations.Members.RemoveOrganizationMember;

/// <summary>Removes a user from an organization: they no longer see it nor its tasks.</summary>
[Authorize(Roles = [SystemRole.Owner, SystemRole.Admin])]
public sealed record RemoveOrganizationMemberCommand(int OrganizationId, int UserId) : IRequest<OrganizationMemberDto>, IAuditedRequest<OrganizationMemberDto>
{
    public AuditDescription DescribeAudit(OrganizationMemberDto response) =>
        AuditDescription.For("organization.member_remove", "organization", OrganizationId, new Dictionary<string, object?>
        {
            ["userId"] = UserId,
            ["role"] = response.Role.ToWire(),
        });
}

internal sealed class RemoveOrganizationMemberCommandHandler(IOrganizationsDbContext db, IMapper mapper)
    : IRequestHandler<RemoveOrganizationMemberCommand, OrganizationMemberDto>
{
    public async Task<OrganizationMemberDto> Handle(RemoveOrganizationMemberCommand request, CancellationToken cancellationToken)
    {
        var member = await AdminMembers.LoadAsync(db, request.OrganizationId, request.UserId, cancellationToken);
        db.OrganizationMembers.Remove(member);
        await db.SaveChangesAsync(cancellationToken);
        return mapper.Map<OrganizationMember, OrganizationMemberDto>(member);
    }
}
