using System.ComponentModel;
using FluentValidation;
using MapsterMapper;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Platform.Application.Boards.Common;
using Platform.Application.Common.Security;
using Platform.Application.Common.Tools;
using Platform.Application.Identity.Directory;

namespace Platform.Application.Boards.Members.ListAvailableUsers;

/// <summary>For a maintainer: every user who is not yet a member of the project, oldest account first.</summary>
[Authorize(Scope = Scopes.ProjectsRead)]
[Tool("members.listAvailable",
    "List the users who could be added to the project (maintainers).", ReadOnly = true, Idempotent = true, Title = "List available users")]
public sealed record ListAvailableUsersQuery(
    [property: Description("The project's slug (from projects.list).")] string? ProjectSlug) : IRequest<IReadOnlyList<AvailableUserDto>>;

internal sealed class ListAvailableUsersQueryValidator : AbstractValidator<ListAvailableUsersQuery>
{
    public ListAvailableUsersQueryValidator() => RuleFor(x => x.ProjectSlug).RequiredSlug();
}

internal sealed class ListAvailableUsersQueryHandler(IBoardsDbContext db, ICurrentUser currentUser, IUserDirectory users, IMapper mapper)
    : IRequestHandler<ListAvailableUsersQuery, IReadOnlyList<AvailableUserDto>>
{
    public async Task<IReadOnlyList<AvailableUserDto>> Handle(ListAvailableUsersQuery request, CancellationToken cancellationToken)
    {
        var access = await db.ResolveProjectAsync(request.ProjectSlug, currentUser.RequireUserId(), cancellationToken);
        access.RequireMaintainerOrHigher();
        var memberIds = await db.ProjectMembers.Where(m => m.ProjectId == access.ProjectId).Select(m => m.UserId).ToListAsync(cancellationToken);
        var others = await users.ListExceptAsync(memberIds, cancellationToken);
        return others.Select(mapper.Map<UserSummary, AvailableUserDto>).ToList();
    }
}
