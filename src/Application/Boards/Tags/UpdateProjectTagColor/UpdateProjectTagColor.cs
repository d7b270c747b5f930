using System.ComponentModel;
using FluentValidation;
using MediatR;
using Platform.Application.Boards.Common;
using Platform.Application.Common.Security;
using Platform.Application.Common.Tools;

namespace Platform.Application.Boards.Tags.UpdateProjectTagColor;

/// <summary>A maintainer sets (<c>#RRGGBB</c>) or clears (null) the shared colour of a project-scoped tag.</summary>
[Authorize(Scope = Scopes.ProjectsWrite)]
[Tool("tags.updateProjectColor",
    "Set or clear (null) the shared colour of a project-scoped tag (maintainers).", Title = "Set project tag colour")]
public sealed record UpdateProjectTagColorCommand(
    [property: Description("The project's slug (from projects.list).")] string? ProjectSlug,
    [property: Description("The tag's id.")] int? TagId,
    [property: Description("#RRGGBB, or null to clear."), AcceptsNull] string? Color = null) : IRequest<ProjectTagDto>;

internal sealed class UpdateProjectTagColorCommandValidator : AbstractValidator<UpdateProjectTagColorCommand>
{
    public UpdateProjectTagColorCommandValidator()
    {
        ClassLevelCascadeMode = CascadeMode.Stop;
        RuleFor(x => x.ProjectSlug).RequiredSlug();
        RuleFor(x => x.TagId).PositiveId("tagId");
        RuleFor(x => x.Color).ColorOrNull();
    }
}

internal sealed class UpdateProjectTagColorCommandHandler(IBoardsDbContext db, ICurrentUser currentUser)
    : IRequestHandler<UpdateProjectTagColorCommand, ProjectTagDto>
{
    public async Task<ProjectTagDto> Handle(UpdateProjectTagColorCommand request, CancellationToken cancellationToken)
    {
        var access = await db.ResolveProjectAsync(request.ProjectSlug, currentUser.RequireUserId(), cancellationToken);
        access.RequireMaintainerOrHigher();
        var tag = await db.FindProjectTagAsync(access.ProjectId, request.TagId!.Value, cancellationToken);
        tag.SetSharedColor(request.Color);
        await db.SaveChangesAsync(cancellationToken);
        return (await db.ProjectTagsAsync(access, cancellationToken)).First(t => t.TagId == tag.Id);
    }
}
