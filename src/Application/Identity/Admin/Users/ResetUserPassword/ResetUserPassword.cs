using MediatR;
using Platform.Application.Common.Auditing;
using Platform.Application.Common.Interfaces;
using Platform.Application.Common.Security;
using Platform.Application.Identity.ApiTokens;
using Platform.Application.Identity.Auth;
using Platform.Application.Identity.OAuth;
using Platform.Application.Identity.OAuth.AdminGrants;
using Platform.Domain.Identity;

namespace Platform.Application.Identity.Admin.Users.ResetUserPassword;

/// <summary>
/// Sets a new password for a user (same rules as at creation) and ends all their sessions, OAuth
/// grants' tokens (refresh tokens revoked, unused authorization codes deleted) and personal API
/// tokens, so whoever held the old password is signed out everywhere, MCP clients included (security
/// review finding 4): a token made with the old password could otherwise outlive it.
/// </summary>
[Authorize(Roles = [SystemRole.Owner, SystemRole.Admin])]
public sealed record ResetUserPasswordCommand(int UserId, string? Password) : IRequest<PasswordResetDto>, IAuditedRequest<PasswordResetDto>
{
    // Never the password: only the fact and its effect.
    public AuditDescription DescribeAudit(PasswordResetDto response) =>
        AuditDescription.For("user.reset_password", "user", UserId, new Dictionary<string, object?>
        {
            ["sessionsEnded"] = response.SessionsEnded,
            ["refreshTokensRevoked"] = response.RefreshTokensRevoked,
            ["apiTokensRevoked"] = response.ApiTokensRevoked,
        });

    public override string ToString() => $"ResetUserPasswordCommand {{ UserId = {UserId} }}";
}

public sealed record PasswordResetDto(int UserId, int SessionsEnded, int RefreshTokensRevoked, int ApiTokensRevoked);

internal sealed class ResetUserPasswordCommandHandler(IOAuthDbContext db, IPasswordHasher hasher, ICurrentUser currentUser, TimeProvider clock, ITokenRevocations revocations)
    : IRequestHandler<ResetUserPasswordCommand, PasswordResetDto>
{
    public async Task<PasswordResetDto> Handle(ResetUserPasswordCommand request, CancellationToken cancellationToken)
    {
        var password = Credentials.ValidatePassword(request.Password);
        var user = await AdminUserRules.LoadForChangeAsync(db, currentUser, request.UserId, cancellationToken);
        user.SetPasswordHash(hasher.Hash(password));
        await db.SaveChangesAsync(cancellationToken);
        var ended = await AdminUserRules.EndSessionsAsync(db, user.Id, cancellationToken);
        var now = clock.GetUtcNow();
        var revoked = await AdminGrantRules.RevokeOAuthAsync(db, user.Id, clientId: null, now, cancellationToken);
        var apiTokens = await ApiTokenRules.RevokeAllAsync(db, user.Id, now, cancellationToken);
        await revocations.RevokeAsync(user.Id, clientId: null, cancellationToken);
        return new PasswordResetDto(user.Id, ended, revoked, apiTokens);
    }
}
