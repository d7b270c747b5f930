using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Platform.Application.Common.Security;
using Platform.Application.Common.Validation;
using Platform.Domain.Common;
using Platform.Domain.Identity;

namespace Platform.Application.Identity.ApiTokens.CreateApiToken;

/// <summary>
/// Creates a personal API token for the caller (envelope-dialect.md §11 <c>POST /api/me/tokens</c>):
/// the plaintext is answered once and only its SHA-256 is stored. The name is optional (trimmed,
/// empty means none, at most <see cref="ApiToken.MaxNameLength"/> characters, the rule of names shown
/// to people). A user holds at most <see cref="ApiToken.MaxActivePerUser"/> active tokens (409).
/// </summary>
[Authorize]
public sealed record CreateApiTokenCommand([property: NameText] string? Name) : IRequest<CreatedApiTokenDto>;

internal sealed class CreateApiTokenCommandValidator : AbstractValidator<CreateApiTokenCommand>
{
    public CreateApiTokenCommandValidator() =>
        RuleFor(c => c.Name)
            .Must(name => name is null || name.Trim().Length <= ApiToken.MaxNameLength)
            .WithMessage("validation: name too long");
}

internal sealed class CreateApiTokenCommandHandler(IIdentityDbContext db, ICurrentUser currentUser, TimeProvider clock)
    : IRequestHandler<CreateApiTokenCommand, CreatedApiTokenDto>
{
    public async Task<CreatedApiTokenDto> Handle(CreateApiTokenCommand request, CancellationToken cancellationToken)
    {
        var userId = currentUser.RequireUserId();

        // Two concurrent creations may both pass this count and end one token over the cap: the cap
        // bounds what a user can accumulate, it is not a security boundary.
        var active = await db.ApiTokens.CountAsync(t => t.UserId == userId && t.RevokedAt == null, cancellationToken);
        if (active >= ApiToken.MaxActivePerUser)
        {
            throw new ConflictException(
                $"conflict: at most {ApiToken.MaxActivePerUser} active API tokens; revoke one first",
                new Dictionary<string, object?> { ["reason"] = "token_limit", ["limit"] = ApiToken.MaxActivePerUser });
        }

        var (token, hash) = ApiTokenSecrets.New();
        // PostgreSQL keeps microseconds: the answer shows the creation time exactly as stored (and listed).
        var now = clock.GetUtcNow();
        var entity = ApiToken.Issue(userId, hash, request.Name, now.AddTicks(-(now.Ticks % 10)));
        db.ApiTokens.Add(entity);
        await db.SaveChangesAsync(cancellationToken);
        return new CreatedApiTokenDto(entity.Id, entity.Name, entity.CreatedAt, token);
    }
}
