using System.ComponentModel;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Platform.Application.Boards.Common;
using Platform.Application.Common.Security;
using Platform.Application.Common.Tools;
using Platform.Application.Identity.Directory;

namespace Platform.Application.Boards.Members.ListMembers;

/// <summary>The project's members in the order they joined, roles normalised.</summary>
[Authorize(Scope = Scopes.ProjectsRead)]
[Tool("members.list",
    "List the project's members with their roles.", ReadOnly = true, Idempotent = true, Title = "List members")]
public sealed record ListMembersQuery(
    [property: Description("The project's slug (from projects.list).")] string? ProjectSlug) : IRequest<IReadOnlyList<MemberDto>>;

internal sealed class ListMembersQueryValidator : AbstractValidator<ListMembersQuery>
{
    public ListMembersQueryValidator() => RuleFor(x => x.ProjectSlug).RequiredSlug();
}

internal sealed class ListMembersQueryHandler(IBoardsDbContext db, ICurrentUser currentUser, IUserDirectory users)
    : IRequestHandler<ListMembersQuery, IReadOnlyList<MemberDto>>
{
    public async Task<IReadOnlyList<MemberDto>> Handle(ListMembersQuery request, CancellationToken cancellationToken)
    {
        var access = await db.ResolveProjectAsync(request.ProjectSlug, currentUser.RequireUserId(), cancellationToken);
        var members = await db.ProjectMembers.AsNoTracking()
            .Where(m => m.ProjectId == access.ProjectId)
            .OrderBy(m => m.CreatedAt).ThenBy(m => m.UserId)
            .ToListAsync(cancellationToken);
        var known = await users.GetManyAsync(members.Select(m => m.UserId).ToList(), cancellationToken);
        return members.Where(m => known.ContainsKey(m.UserId)).Select(m => MemberRules.ToDto(m, known[m.UserId])).ToList();
    }
}
