using FluentValidation;
using MapsterMapper;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Platform.Application.Common.Auditing;
using Platform.Application.Common.Security;
using Platform.Application.Identity.Directory;
using Platform.Domain.Common;
using Platform.Domain.Identity;
using Platform.Domain.Organizations;

namespace Platform.Application.Organizations.Members.AddOrganizationMember;

/// <summary>A system owner or admin adds an existing user to an organization as owner, admin or member.</summary>
[Authorize(Roles = [SystemRole.Owner, SystemRole.Admin])]
public sealed record AddOrganizationMemberCommand(int OrganizationId, int? UserId, string? Role)
    : IRequest<OrganizationMemberDto>, IAuditedRequest<OrganizationMemberDto>
{
    public AuditDescription DescribeAudit(OrganizationMemberDto response) =>
        AuditDescription.For("organization.member_add", "organization", response.OrganizationId, new Dictionary<string, object?>
        {
            ["userId"] = response.UserId,
            ["role"] = response.Role.ToWire(),
        });
}

internal sealed class AddOrganizationMemberCommandValidator : AbstractValidator<AddOrganizationMemberCommand>
{
    public AddOrganizationMemberCommandValidator()
    {
        RuleFor(c => c.UserId).NotNull().WithMessage("userId is required").GreaterThan(0).WithMessage("userId must be a positive integer");
        RuleFor(c => c.Role).Must(r => OrganizationRoleNames.TryParse(r, out _)).WithMessage("role must be one of owner, admin, member");
    }
}

internal sealed class AddOrganizationMemberCommandHandler(IOrganizationsDbContext db, IUserDirectory users, TimeProvider clock, IMapper mapper)
    : IRequestHandler<AddOrganizationMemberCommand, OrganizationMemberDto>
{
    public async Task<OrganizationMemberDto> Handle(AddOrganizationMemberCommand request, CancellationToken cancellationToken)
    {
        var userId = request.UserId!.Value;
        if (!await db.Organizations.AnyAsync(o => o.Id == request.OrganizationId, cancellationToken))
        {
            throw new NotFoundException("organization not found", new Dictionary<string, object?> { ["organizationId"] = request.OrganizationId });
        }

        if (await users.FindAsync(userId, cancellationToken) is not { Disabled: false })
        {
            throw new NotFoundException("user not found", new Dictionary<string, object?> { ["field"] = "userId", ["userId"] = userId });
        }

        if (await db.IsMemberAsync(request.OrganizationId, userId, cancellationToken))
        {
            throw AlreadyMember(userId);
        }

        var member = OrganizationMember.Create(request.OrganizationId, userId, OrganizationRoleNames.FromWire(request.Role!), clock.GetUtcNow());
        db.OrganizationMembers.Add(member);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            throw AlreadyMember(userId);
        }

        return mapper.Map<OrganizationMember, OrganizationMemberDto>(member);
    }

    private static ConflictException AlreadyMember(int userId) =>
        new("user is already a member of this organization", new Dictionary<string, object?> { ["userId"] = userId });
}
