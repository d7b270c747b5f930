using FluentValidation;
using MapsterMapper;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Platform.Application.Common.Auditing;
using Platform.Application.Common.Security;
using Platform.Application.Common.Validation;
using Platform.Domain.Common;
using Platform.Domain.Identity;
using Platform.Domain.Organizations;

namespace Platform.Application.Organizations.CreateOrganization;

/// <summary>
/// A system owner or admin creates an organization; its slug is derived from the name when absent.
/// The creator does not become a member (members are added explicitly).
/// </summary>
[Authorize(Roles = [SystemRole.Owner, SystemRole.Admin])]
public sealed record CreateOrganizationCommand([property: NameText] string? Name, string? Slug) : IRequest<OrganizationDto>, IAuditedRequest<OrganizationDto>
{
    public AuditDescription DescribeAudit(OrganizationDto response) =>
        AuditDescription.For("organization.create", "organization", response.Id, new Dictionary<string, object?>
        {
            ["name"] = response.Name,
            ["slug"] = response.Slug,
        });
}

internal sealed class CreateOrganizationCommandValidator : AbstractValidator<CreateOrganizationCommand>
{
    public CreateOrganizationCommandValidator()
    {
        RuleFor(c => c.Name)
            .Must(n => n is { } s && s.Trim().Length is > 0 and <= Organization.MaxNameLength)
            .WithMessage($"name must be 1 to {Organization.MaxNameLength} characters");
        RuleFor(c => c.Slug)
            .Must(s => s is null || Organization.IsValidSlug(s.Trim()))
            .WithMessage($"slug must be 1 to {Organization.MaxSlugLength} lower-case letters, digits or single dashes between them");
    }
}

internal sealed class CreateOrganizationCommandHandler(IOrganizationsDbContext db, TimeProvider clock, IMapper mapper)
    : IRequestHandler<CreateOrganizationCommand, OrganizationDto>
{
    public async Task<OrganizationDto> Handle(CreateOrganizationCommand request, CancellationToken cancellationToken)
    {
        var organization = Organization.Create(request.Name!, request.Slug, clock.GetUtcNow());
        if (await db.Organizations.AnyAsync(o => o.Slug == organization.Slug, cancellationToken))
        {
            throw SlugTaken(organization.Slug);
        }

        db.Organizations.Add(organization);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // A concurrent create won the unique slug index.
            throw SlugTaken(organization.Slug);
        }

        return mapper.Map<Organization, OrganizationDto>(organization);
    }

    private static ConflictException SlugTaken(string slug) =>
        new("slug already in use", new Dictionary<string, object?> { ["field"] = "slug", ["slug"] = slug });
}
