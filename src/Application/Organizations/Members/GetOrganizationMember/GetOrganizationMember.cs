using MapsterMapper;
using MediatR;
using Platform.Application.Common.Security;
using Platform.Application.Identity.Directory;
using Platform.Domain.Identity;
using Platform.Domain.Organizations;

namespace Platform.Application.Organizations.Members.GetOrganizationMember;

/// <summary>One membership (404 when the user is not a member).</summary>
[Authorize(Roles = [SystemRole.Owner, SystemRole.Admin])]
public sealed record GetOrganizationMemberQuery(int OrganizationId, int UserId) : IRequest<AdminOrganizationMemberDto>;

internal sealed class GetOrganizationMemberQueryHandler(IOrganizationsDbContext db, IUserDirectory users, IMapper mapper)
    : IRequestHandler<GetOrganizationMemberQuery, AdminOrganizationMemberDto>
{
    public async Task<AdminOrganizationMemberDto> Handle(GetOrganizationMemberQuery request, CancellationToken cancellationToken)
    {
        var member = await AdminMembers.LoadAsync(db, request.OrganizationId, request.UserId, cancellationToken);
        return (await AdminMembers.WithUsersAsync([mapper.Map<OrganizationMember, OrganizationMemberDto>(member)], users, cancellationToken))[0];
    }
}
