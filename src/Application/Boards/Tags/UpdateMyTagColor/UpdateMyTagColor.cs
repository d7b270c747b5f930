using System.ComponentModel;
using FluentValidation;
using MediatR;
using Platform.Application.Boards.Common;
using Platform.Application.Common.Security;
using Platform.Application.Common.Tools;
using Platform.Domain.Boards;

namespace Platform.Application.Boards.Tags.UpdateMyTagColor;

/// <summary>Sets (<c>#RRGGBB</c>) or clears (null) the caller's colour for one of their own tags.</summary>
[Authorize(Scope = Scopes.ProjectsWrite)]
[Tool("tags.updateMineColor",
    "Set or clear (null) your colour for one of your own tags.", Title = "Set my tag colour")]
public sealed record UpdateMyTagColorCommand(
    [property: Description("The tag's id.")] int? TagId,
    [property: Description("#RRGGBB, or null to clear."), AcceptsNull] string? Color = null) : IRequest<MineTagDto>;

internal sealed class UpdateMyTagColorCommandValidator : AbstractValidator<UpdateMyTagColorCommand>
{
    public UpdateMyTagColorCommandValidator()
    {
        ClassLevelCascadeMode = CascadeMode.Stop;
        RuleFor(x => x.TagId).PositiveId("tagId");
        RuleFor(x => x.Color).ColorOrNull();
    }
}

internal sealed class UpdateMyTagColorCommandHandler(IBoardsDbContext db, ICurrentUser currentUser) : IRequestHandler<UpdateMyTagColorCommand, MineTagDto>
{
    public async Task<MineTagDto> Handle(UpdateMyTagColorCommand request, CancellationToken cancellationToken)
    {
        var actorId = currentUser.RequireUserId();
        var tag = await db.FindOwnTagAsync(actorId, request.TagId!.Value, cancellationToken);
        var color = request.Color is null ? null : TagColors.Valid(request.Color);
        await db.SetTagColorPreferenceAsync(actorId, tag.Id, color, cancellationToken);
        return new MineTagDto(tag.Id, tag.Name, color, true);
    }
}
