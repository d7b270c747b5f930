using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Platform.Application.Boards.Common;
using Platform.Application.Common.Security;
using Platform.Application.Common.Validation;
using Platform.Domain.Boards;

namespace Platform.Application.Boards.Projects.CreateProjectTag;

/// <summary>A maintainer creates a shared, owner-less tag of the project (one colour for every member).</summary>
[Authorize]
public sealed record CreateProjectTagCommand(string? ProjectSlug, [property: NameText] string? Name, string? Color) : IRequest<ProjectTagDto>;

internal sealed class CreateProjectTagCommandValidator : AbstractValidator<CreateProjectTagCommand>
{
    public CreateProjectTagCommandValidator()
    {
        ClassLevelCascadeMode = CascadeMode.Stop;
        RuleFor(x => x.ProjectSlug).RequiredSlug();
    }
}

internal sealed class CreateProjectTagCommandHandler(IBoardsDbContext db, ICurrentUser currentUser, TimeProvider clock)
    : IRequestHandler<CreateProjectTagCommand, ProjectTagDto>
{
    public async Task<ProjectTagDto> Handle(CreateProjectTagCommand request, CancellationToken cancellationToken)
    {
        var access = await db.ResolveProjectAsync(request.ProjectSlug, currentUser.RequireUserId(), cancellationToken);
        access.RequireMaintainerOrHigher();
        var tag = Tag.CreateForProject(access.ProjectId, request.Name ?? "", string.IsNullOrWhiteSpace(request.Color) ? null : request.Color, clock.GetUtcNow());

        await using var scope = await db.LockProjectAsync(access.ProjectId, cancellationToken);
        if (await db.Tags.AnyAsync(t => t.ProjectId == access.ProjectId && t.OwnerUserId == null && t.Name == tag.Name, cancellationToken))
        {
            throw BoardErrors.TagNameInUse();
        }

        db.Tags.Add(tag);
        await db.SaveChangesAsync(cancellationToken);
        await scope.CommitAsync(cancellationToken);
        return new ProjectTagDto(tag.Id, tag.Name, 0, tag.Color, true);
    }
}
