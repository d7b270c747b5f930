using FluentValidation;
using MediatR;
using Platform.Application.Boards.Common;
using Platform.Application.Common.Security;

namespace Platform.Application.Boards.Tags.ListProjectTags;

[Authorize]
public sealed record ListProjectTagsQuery(string? ProjectSlug) : IRequest<IReadOnlyList<ProjectTagDto>>;

internal sealed class ListProjectTagsQueryValidator : AbstractValidator<ListProjectTagsQuery>
{
    public ListProjectTagsQueryValidator() => RuleFor(x => x.ProjectSlug).RequiredSlug();
}

internal sealed class ListProjectTagsQueryHandler(IBoardsDbContext db, ICurrentUser currentUser)
    : IRequestHandler<ListProjectTagsQuery, IReadOnlyList<ProjectTagDto>>
{
    public async Task<IReadOnlyList<ProjectTagDto>> Handle(ListProjectTagsQuery request, CancellationToken cancellationToken)
    {
        var access = await db.ResolveProjectAsync(request.ProjectSlug, currentUser.RequireUserId(), cancellationToken);
        return await db.ProjectTagsAsync(access, cancellationToken);
    }
}
