using MediatR;
using Microsoft.EntityFrameworkCore;
using Platform.Application.Boards.Common;
using Platform.Application.Common.Security;
using Platform.Application.Common.Tools;

namespace Platform.Application.Boards.Tags.ListMyTags;

/// <summary>The caller's own tag library (across projects) with the caller's colours, by name.</summary>
[Authorize(Scope = Scopes.ProjectsRead)]
[Tool("tags.listMine",
    "List your own tag library (across projects) with your colours.", ReadOnly = true, Idempotent = true, Title = "List my tags")]
public sealed record ListMyTagsQuery : IRequest<IReadOnlyList<MineTagDto>>;

internal sealed class ListMyTagsQueryHandler(IBoardsDbContext db, ICurrentUser currentUser) : IRequestHandler<ListMyTagsQuery, IReadOnlyList<MineTagDto>>
{
    public async Task<IReadOnlyList<MineTagDto>> Handle(ListMyTagsQuery request, CancellationToken cancellationToken)
    {
        var actorId = currentUser.RequireUserId();
        var tags = await db.Tags.AsNoTracking()
            .Where(t => t.OwnerUserId == actorId)
            .Select(t => new
            {
                t.Id,
                t.Name,
                Color = db.TagColorPreferences.Where(p => p.TagId == t.Id && p.UserId == actorId).Select(p => p.Color).FirstOrDefault(),
            })
            .ToListAsync(cancellationToken);
        // Explicit (decision 0209): the colour is the caller's preference (a subquery), and own tags are always deletable.
        return tags.OrderBy(t => t.Name, StringComparer.Ordinal).ThenBy(t => t.Id).Select(t => new MineTagDto(t.Id, t.Name, t.Color, true)).ToList();
    }
}
