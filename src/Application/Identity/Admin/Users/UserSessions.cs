using FluentValidation;
using MapsterMapper;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Platform.Application.Common.Auditing;
using Platform.Application.Common.Mapping;
using Platform.Application.Common.Paging;
using Platform.Application.Common.Security;
using Platform.Domain.Common;
using Platform.Domain.Identity;

namespace Platform.Application.Identity.Admin.Users;

/// <summary>A live cookie session (never its token: only a hash of it is stored anyway).</summary>
public sealed record AdminSessionDto(long Id, int UserId, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, DateTimeOffset LastSeenAt, string? UserAgent, string? IpAddress);

/// <summary>A user's unexpired sessions, most recently seen first.</summary>
[Authorize(Roles = [SystemRole.Owner, SystemRole.Admin])]
public sealed record ListUserSessionsQuery(int UserId, int Page = 1, int PageSize = Paging.DefaultPageSize)
    : IRequest<Page<AdminSessionDto>>, IPagedQuery;

internal sealed class ListUserSessionsQueryValidator : AbstractValidator<ListUserSessionsQuery>
{
    public ListUserSessionsQueryValidator() => this.AddPagingRules();
}

internal sealed class ListUserSessionsQueryHandler(IIdentityDbContext db, TimeProvider clock, IMapper mapper)
    : IRequestHandler<ListUserSessionsQuery, Page<AdminSessionDto>>
{
    public async Task<Page<AdminSessionDto>> Handle(ListUserSessionsQuery request, CancellationToken cancellationToken)
    {
        if (!await db.Users.AnyAsync(u => u.Id == request.UserId, cancellationToken))
        {
            throw AdminUserRules.UserNotFound();
        }

        var now = clock.GetUtcNow();
        return await db.Sessions.AsNoTracking()
            .Where(s => s.UserId == request.UserId && s.ExpiresAt > now)
            .OrderByDescending(s => s.LastSeenAt).ThenByDescending(s => s.Id)
            .ProjectToDto<AdminSessionDto>(mapper.Config)
            .ToPageAsync(request, cancellationToken);
    }
}

/// <summary>Ends one session of a user (that browser or agent is signed out at its next request).</summary>
[Authorize(Roles = [SystemRole.Owner, SystemRole.Admin])]
public sealed record RevokeUserSessionCommand(int UserId, long SessionId) : IRequest<Unit>, IAuditedRequest<Unit>
{
    public AuditDescription DescribeAudit(Unit response) =>
        AuditDescription.For("user.revoke_session", "user", UserId, new Dictionary<string, object?> { ["sessionId"] = SessionId });
}

internal sealed class RevokeUserSessionCommandHandler(IIdentityDbContext db, ICurrentUser currentUser)
    : IRequestHandler<RevokeUserSessionCommand, Unit>
{
    public async Task<Unit> Handle(RevokeUserSessionCommand request, CancellationToken cancellationToken)
    {
        await AdminUserRules.LoadForChangeAsync(db, currentUser, request.UserId, cancellationToken);
        var deleted = await db.Sessions.Where(s => s.Id == request.SessionId && s.UserId == request.UserId).ExecuteDeleteAsync(cancellationToken);
        if (deleted == 0)
        {
            throw new NotFoundException("session not found");
        }

        return Unit.Value;
    }
}

/// <summary>Ends every session of a user (signed out everywhere); returns how many ended.</summary>
[Authorize(Roles = [SystemRole.Owner, SystemRole.Admin])]
public sealed record RevokeUserSessionsCommand(int UserId) : IRequest<int>, IAuditedRequest<int>
{
    public AuditDescription DescribeAudit(int response) =>
        AuditDescription.For("user.revoke_sessions", "user", UserId, new Dictionary<string, object?> { ["sessionsEnded"] = response });
}

internal sealed class RevokeUserSessionsCommandHandler(IIdentityDbContext db, ICurrentUser currentUser)
    : IRequestHandler<RevokeUserSessionsCommand, int>
{
    public async Task<int> Handle(RevokeUserSessionsCommand request, CancellationToken cancellationToken)
    {
        await AdminUserRules.LoadForChangeAsync(db, currentUser, request.UserId, cancellationToken);
        return await AdminUserRules.EndSessionsAsync(db, request.UserId, cancellationToken);
    }
}
