using MediatR;
using Platform.Application.Common.Auditing;
using Platform.Application.Common.Security;
using Platform.Application.Identity.ApiTokens;
using Platform.Application.Identity.OAuth;
using Platform.Application.Identity.OAuth.AdminGrants;
using Platform.Domain.Common;
using Platform.Domain.Identity;

namespace Platform.Application.Identity.Admin.Users.DisableUser;

/// <summary>
/// Disables a user: they can no longer sign in, every session they hold ends now, their OAuth
/// refresh tokens and personal API tokens are revoked and unused authorization codes deleted (MCP
/// clients must be authorized again, and new API tokens made, after an enable). Nobody
/// disables their own account, and the last active owner cannot be disabled.
/// </summary>
[Authorize(Roles = [SystemRole.Owner, SystemRole.Admin])]
public sealed record DisableUserCommand(int UserId) : IRequest<DisabledUserDto>, IAuditedRequest<DisabledUserDto>
{
    public AuditDescription DescribeAudit(DisabledUserDto response) =>
        AuditDescription.For("user.disable", "user", UserId, new Dictionary<string, object?>
        {
            ["sessionsEnded"] = response.SessionsEnded,
            ["refreshTokensRevoked"] = response.RefreshTokensRevoked,
            ["apiTokensRevoked"] = response.ApiTokensRevoked,
        });
}

/// <summary>The disabled user, how many sessions were ended and how many refresh tokens and API tokens revoked with it.</summary>
public sealed record DisabledUserDto(AdminUserDto User, int SessionsEnded, int RefreshTokensRevoked, int ApiTokensRevoked);

internal sealed class DisableUserCommandHandler(IOAuthDbContext db, ICurrentUser currentUser, TimeProvider clock, ITokenRevocations revocations)
    : IRequestHandler<DisableUserCommand, DisabledUserDto>
{
    public async Task<DisabledUserDto> Handle(DisableUserCommand request, CancellationToken cancellationToken)
    {
        var user = await AdminUserRules.LoadForChangeAsync(db, currentUser, request.UserId, cancellationToken);
        if (user.Id == currentUser.UserId)
        {
            throw new ConflictException("conflict: you cannot disable your own account", new Dictionary<string, object?> { ["reason"] = "self" });
        }

        await AdminUserRules.EnsureAnotherActiveOwnerAsync(db, user, cancellationToken);
        var now = clock.GetUtcNow();
        user.Disable(now);
        await db.SaveChangesAsync(cancellationToken);
        var ended = await AdminUserRules.EndSessionsAsync(db, user.Id, cancellationToken);
        var revoked = await AdminGrantRules.RevokeOAuthAsync(db, user.Id, clientId: null, now, cancellationToken);
        var apiTokens = await ApiTokenRules.RevokeAllAsync(db, user.Id, now, cancellationToken);
        await revocations.RevokeAsync(user.Id, clientId: null, cancellationToken);
        return new DisabledUserDto(await AdminUserDto.LoadAsync(db, user.Id, now, cancellationToken), ended, revoked, apiTokens);
    }
}
