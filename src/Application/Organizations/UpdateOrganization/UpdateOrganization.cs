using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Platform.Application.Common;
using Platform.Application.Common.Auditing;
using Platform.Application.Common.Security;
using Platform.Application.Common.Validation;
using Platform.Domain.Common;
using Platform.Domain.Identity;
using Platform.Domain.Organizations;

namespace Platform.Application.Organizations.UpdateOrganization;

/// <summary>Renames an organization and/or changes its slug (absent fields stay); a slug in use is a conflict.</summary>
[Authorize(Roles = [SystemRole.Owner, SystemRole.Admin])]
public sealed record UpdateOrganizationCommand(int OrganizationId, [property: NameText] Optional<string> Name, Optional<string> Slug)
    : IRequest<AdminOrganizationDto>, IAuditedRequest<AdminOrganizationDto>
{
    public AuditDescription DescribeAudit(AdminOrganizationDto response) =>
        AuditDescription.For("organization.update", "organization", OrganizationId, new Dictionary<string, object?>
        {
            ["name"] = Name.HasValue ? response.Name : null,
            ["slug"] = Slug.HasValue ? response.Slug : null,
        });
}

internal sealed class UpdateOrganizationCommandValidator : AbstractValidator<UpdateOrganizationCommand>
{
    public UpdateOrganizationCommandValidator()
    {
        RuleFor(c => c)
            .Must(c => c.Name.HasValue || c.Slug.HasValue)
            .WithMessage("nothing to update: pass name and/or slug")
            .OverridePropertyName("body");
        RuleFor(c => c.Name)
            .Must(n => !n.HasValue || n.Value is { } s && s.Trim().Length is > 0 and <= Organization.MaxNameLength)
            .WithMessage($"name must be 1 to {Organization.MaxNameLength} characters");
        RuleFor(c => c.Slug)
            .Must(s => !s.HasValue || s.Value is { } text && Organization.IsValidSlug(text.Trim()))
            .WithMessage($"slug must be 1 to {Organization.MaxSlugLength} lower-case letters, digits or single dashes between them");
    }
}

internal sealed class UpdateOrganizationCommandHandler(IOrganizationsDbContext db) : IRequestHandler<UpdateOrganizationCommand, AdminOrganizationDto>
{
    public async Task<AdminOrganizationDto> Handle(UpdateOrganizationCommand request, CancellationToken cancellationToken)
    {
        var organization = await db.Organizations.FirstOrDefaultAsync(o => o.Id == request.OrganizationId, cancellationToken)
            ?? throw OrganizationErrors.OrganizationNotFound(request.OrganizationId);

        if (request.Name.HasValue)
        {
            organization.Rename(request.Name.Value);
        }

        if (request.Slug.HasValue && request.Slug.Value.Trim() != organization.Slug)
        {
            var slug = request.Slug.Value.Trim();
            if (await db.Organizations.AnyAsync(o => o.Slug == slug && o.Id != organization.Id, cancellationToken))
            {
                throw SlugTaken(slug);
            }

            organization.ChangeSlug(slug);
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // A concurrent write took the slug (the unique index decided).
            throw SlugTaken(organization.Slug);
        }

        return await db.Organizations.AsNoTracking().Where(o => o.Id == organization.Id).Select(AdminOrganizationDto.Projection(db)).FirstAsync(cancellationToken);
    }

    private static ConflictException SlugTaken(string slug) =>
        new("slug already in use", new Dictionary<string, object?> { ["field"] = "slug", ["slug"] = slug });
}
