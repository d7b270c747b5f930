using System.ComponentModel;
using FluentValidation;
using MediatR;
using Platform.Application.Boards.Common;
using Platform.Application.Common.Security;
using Platform.Application.Common.Tools;

namespace Platform.Application.Boards.Tags.DeleteProjectTag;

/// <summary>A maintainer deletes a project-scoped tag (and its todo links).</summary>
[Authorize(Scope = Scopes.ProjectsWrite)]
[Tool("tags.deleteProject",
    "Delete a project-scoped tag (maintainers).", Destructive = true, Title = "Delete project tag")]
public sealed record DeleteProjectTagCommand(
    [property: Description("The project's slug (from projects.list).")] string? ProjectSlug,
    [property: Description("The tag's id.")] int? TagId) : IRequest<Unit>;

internal sealed class DeleteProjectTagCommandValidator : AbstractValidator<DeleteProjectTagCommand>
{
    public DeleteProjectTagCommandValidator()
    {
        ClassLevelCascadeMode = CascadeMode.Stop;
        RuleFor(x => x.ProjectSlug).RequiredSlug();
        RuleFor(x => x.TagId).PositiveId("tagId");
    }
}

internal sealed class DeleteProjectTagCommandHandler(IBoardsDbContext db, ICurrentUser currentUser) : IRequestHandler<DeleteProjectTagCommand, Unit>
{
    public async Task<Unit> Handle(DeleteProjectTagCommand request, CancellationToken cancellationToken)
    {
        var access = await db.ResolveProjectAsync(request.ProjectSlug, currentUser.RequireUserId(), cancellationToken);
        access.RequireMaintainerOrHigher();
        var tag = await db.FindProjectTagAsync(access.ProjectId, request.TagId!.Value, cancellationToken);
        db.Tags.Remove(tag);
        await db.SaveChangesAsync(cancellationToken);
        return Unit.Value;
    }
}
