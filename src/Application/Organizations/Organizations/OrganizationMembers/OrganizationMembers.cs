using FluentValidation;
using MapsterMapper;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Platform.Application.Common.Auditing;
using Platform.Application.Common.Mapping;
using Platform.Application.Common.Paging;
using Platform.Application.Common.Security;
using Platform.Application.Identity.Directory;
using Platform.Domain.Identity;
using Platform.Domain.Organizations;

namespace Platform.Application.Organizations.Organizations.OrganizationMembers;

/// <summary>A membership as the admin API shows it, with the member's e-mail and name (from the user directory).</summary>
public sealed record AdminOrganizationMemberDto(
    int Id, int OrganizationId, int UserId, OrganizationRole Role, DateTimeOffset CreatedAt, string? Email, string? Name, bool UserDisabled);

internal static class AdminMembers
{
    public static async Task<IReadOnlyList<AdminOrganizationMemberDto>> WithUsersAsync(
        IReadOnlyList<OrganizationMemberDto> members, IUserDirectory users, CancellationToken ct)
    {
        var found = await users.GetManyAsync(members.Select(m => m.UserId).ToArray(), ct);

        // Explicit: two sources (the membership and the directory's user, absent for a deleted user).
        return members
            .Select(m => found.TryGetValue(m.UserId, out var u)
                ? new AdminOrganizationMemberDto(m.Id, m.OrganizationId, m.UserId, m.Role, m.CreatedAt, u.Email, u.Name, u.Disabled)
                : new AdminOrganizationMemberDto(m.Id, m.OrganizationId, m.UserId, m.Role, m.CreatedAt, null, null, false))
            .ToList();
    }

    public static async Task EnsureOrganizationExistsAsync(IOrganizationsDbContext db, int organizationId, CancellationToken ct)
    {
        if (!await db.Organizations.AnyAsync(o => o.Id == organizationId, ct))
        {
            throw OrganizationErrors.OrganizationNotFound(organizationId);
        }
    }

    public static async Task<OrganizationMember> LoadAsync(IOrganizationsDbContext db, int organizationId, int userId, CancellationToken ct)
    {
        await EnsureOrganizationExistsAsync(db, organizationId, ct);
        return await db.OrganizationMembers.FirstOrDefaultAsync(m => m.OrganizationId == organizationId && m.UserId == userId, ct)
            ?? throw OrganizationErrors.MemberNotFound(organizationId, userId);
    }
}

/// <summary>The members of an organization, oldest membership first.</summary>
[Authorize(Roles = [SystemRole.Owner, SystemRole.Admin])]
public sealed record ListOrganizationMembersQuery(int OrganizationId, int Page = 1, int PageSize = Paging.DefaultPageSize)
    : IRequest<Page<AdminOrganizationMemberDto>>, IPagedQuery;

internal sealed class ListOrganizationMembersQueryValidator : AbstractValidator<ListOrganizationMembersQuery>
{
    public ListOrganizationMembersQueryValidator() => this.AddPagingRules();
}

internal sealed class ListOrganizationMembersQueryHandler(IOrganizationsDbContext db, IUserDirectory users, IMapper mapper)
    : IRequestHandler<ListOrganizationMembersQuery, Page<AdminOrganizationMemberDto>>
{
    public async Task<Page<AdminOrganizationMemberDto>> Handle(ListOrganizationMembersQuery request, CancellationToken cancellationToken)
    {
        await AdminMembers.EnsureOrganizationExistsAsync(db, request.OrganizationId, cancellationToken);
        var page = await db.OrganizationMembers.AsNoTracking()
            .Where(m => m.OrganizationId == request.OrganizationId)
            .OrderBy(m => m.Id)
            .ProjectToDto<OrganizationMemberDto>(mapper.Config)
            .ToPageAsync(request, cancellationToken);
        return new Page<AdminOrganizationMemberDto>(
            await AdminMembers.WithUsersAsync(page.Items, users, cancellationToken), page.PageNumber, page.PageSize, page.Total);
    }
}

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
