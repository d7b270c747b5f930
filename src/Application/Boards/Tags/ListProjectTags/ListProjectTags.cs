using System.ComponentModel;
using FluentValidation;
using MediatR;
using Platform.Application.Boards.Common;
using Platform.Application.Common.Security;
using Platform.Application.Common.Tools;

namespace Platform.Application.Boards.Tags.ListProjectTags;

[Authorize(Scope = Scopes.ProjectsRead)]
[Tool("tags.listProject",
    "List the tags used in a project (its shared tags and members' own tags on its todos) with todo counts.", ReadOnly = true, Idempotent = true, Title = "List project tags")]
public sealed record ListProjectTagsQuery(
    [property: Description("The project's slug (from projects.list).")] string? ProjectSlug) : IRequest<IReadOnlyList<ProjectTagDto>>;

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
