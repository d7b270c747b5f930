using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Platform.Application.Common.Paging;
using Platform.Application.Common.Security;
using Platform.Domain.Identity;
using Platform.Domain.Identity.OAuth;

namespace Platform.Application.Identity.OAuth.AdminClients.ListOAuthClients;

/// <summary>Registered OAuth clients, newest first; <see cref="Search"/> matches part of the client name or id.</summary>
[Authorize(Roles = [SystemRole.Owner, SystemRole.Admin])]
public sealed record ListOAuthClientsQuery(string? Search = null, int Page = 1, int PageSize = Paging.DefaultPageSize)
    : IRequest<Page<AdminOAuthClientDto>>, IPagedQuery;

internal sealed class ListOAuthClientsQueryValidator : AbstractValidator<ListOAuthClientsQuery>
{
    public ListOAuthClientsQueryValidator()
    {
        this.AddPagingRules();
        RuleFor(q => q.Search).MaximumLength(Math.Max(OAuthClient.MaxNameLength, OAuthClient.MaxClientIdLength)).WithMessage("validation: search too long");
    }
}

internal sealed class ListOAuthClientsQueryHandler(IOAuthDbContext db, TimeProvider clock) : IRequestHandler<ListOAuthClientsQuery, Page<AdminOAuthClientDto>>
{
    public Task<Page<AdminOAuthClientDto>> Handle(ListOAuthClientsQuery request, CancellationToken cancellationToken)
    {
        var clients = db.OAuthClients.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(request.Search))
        {
            var term = request.Search.Trim();
            var lower = SearchTerm.Of(term);
            clients = clients.Where(c => c.ClientId == term || (c.ClientName != null && EF.Functions.Collate(c.ClientName, SearchTerm.UnicodeCollation).ToLower().Contains(lower)));
        }

        return clients.OrderByDescending(c => c.Id).Select(AdminOAuthClientDto.Projection(db, clock.GetUtcNow())).ToPageAsync(request, cancellationToken);
    }
}
