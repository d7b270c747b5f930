using MediatR;
using Platform.Application.Common.Auditing;
using Platform.Application.Common.Interfaces;
using Platform.Application.Common.Security;
using Platform.Application.Identity.Admin.Users;
using Platform.Application.Identity.Auth;
using Platform.Domain.Identity;

namespace Platform.Application.Identity.Admin.Users.ResetUserPassword;

/// <summary>
/// Sets a new password for a user (same rules as at creation) and ends all their sessions, so
/// whoever held the old password is signed out everywhere.
/// </summary>
[Authorize(Roles = [SystemRole.Owner, SystemRole.Admin])]
public sealed record ResetUserPasswordCommand(int UserId, string? Password) : IRequest<PasswordResetDto>, IAuditedRequest<PasswordResetDto>
{
    // Never the password: only the fact and its effect.
    public AuditDescription DescribeAudit(PasswordResetDto response) =>
        AuditDescription.For("user.reset_password", "user", UserId, new Dictionary<string, object?> { ["sessionsEnded"] = response.SessionsEnded });

    public override string ToString() => $"ResetUserPasswordCommand {{ UserId = {UserId} }}";
}

public sealed record PasswordResetDto(int UserId, int SessionsEnded);

internal sealed class ResetUserPasswordCommandHandler(IIdentityDbContext db, IPasswordHasher hasher, ICurrentUser currentUser)
    : IRequestHandler<ResetUserPasswordCommand, PasswordResetDto>
{
    public async Task<PasswordResetDto> Handle(ResetUserPasswordCommand request, CancellationToken cancellationToken)
    {
        var password = Credentials.ValidatePassword(request.Password);
        var user = await AdminUserRules.LoadForChangeAsync(db, currentUser, request.UserId, cancellationToken);
        user.SetPasswordHash(hasher.Hash(password));
        await db.SaveChangesAsync(cancellationToken);
        var ended = await AdminUserRules.EndSessionsAsync(db, user.Id, cancellationToken);
        return new PasswordResetDto(user.Id, ended);
    }
}
