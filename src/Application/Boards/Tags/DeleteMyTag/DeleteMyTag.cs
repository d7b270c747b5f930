using System.ComponentModel;
using FluentValidation;
using MediatR;
using Platform.Application.Boards.Common;
using Platform.Application.Common.Security;
using Platform.Application.Common.Tools;

namespace Platform.Application.Boards.Tags.DeleteMyTag;

/// <summary>Deletes one of the caller's own tags everywhere (todo links and colour preferences go with it).</summary>
[Authorize(Scope = Scopes.ProjectsWrite)]
[Tool("tags.deleteMine",
    "Delete one of your own tags everywhere.", Destructive = true, Title = "Delete my tag")]
public sealed record DeleteMyTagCommand([property: Description("The tag's id.")] int? TagId) : IRequest<Unit>;

internal sealed class DeleteMyTagCommandValidator : AbstractValidator<DeleteMyTagCommand>
{
    public DeleteMyTagCommandValidator() => RuleFor(x => x.TagId).PositiveId("tagId");
}

internal sealed class DeleteMyTagCommandHandler(IBoardsDbContext db, ICurrentUser currentUser) : IRequestHandler<DeleteMyTagCommand, Unit>
{
    public async Task<Unit> Handle(DeleteMyTagCommand request, CancellationToken cancellationToken)
    {
        var tag = await db.FindOwnTagAsync(currentUser.RequireUserId(), request.TagId!.Value, cancellationToken);
        db.Tags.Remove(tag);
        await db.SaveChangesAsync(cancellationToken);
        return Unit.Value;
    }
}
