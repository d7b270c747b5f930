using FluentValidation;
using MapsterMapper;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Platform.Application.Common.Mapping;
using Platform.Application.Common.Paging;
using Platform.Application.Common.Security;
using Platform.Domain.Identity;
using Platform.Domain.Organizations;

namespace Platform.Application.Organizations.Tasks.ListOrganizationTasks;

/// <summary>
/// An organization's tasks for an admin (no membership needed), most recently updated first,
/// optionally filtered by status (TODO, IN_PROGRESS, DONE, CANCELLED).
/// </summary>
[Authorize(Roles = [SystemRole.Owner, SystemRole.Admin])]
public sealed record ListOrganizationTasksQuery(int OrganizationId, string? Status = null, int Page = 1, int PageSize = Paging.DefaultPageSize)
    : IRequest<Page<TaskSummaryDto>>, IPagedQuery;

internal sealed class ListOrganizationTasksQueryValidator : AbstractValidator<ListOrganizationTasksQuery>
{
    public ListOrganizationTasksQueryValidator()
    {
        this.AddPagingRules();
        RuleFor(q => q.Status)
            .Must(s => s is null || WorkTaskStatusNames.TryParse(s, out _))
            .WithMessage("status must be one of TODO, IN_PROGRESS, DONE, CANCELLED");
    }
}

internal sealed class ListOrganizationTasksQueryHandler(IOrganizationsDbContext db, IMapper mapper)
    : IRequestHandler<ListOrganizationTasksQuery, Page<TaskSummaryDto>>
{
    public async Task<Page<TaskSummaryDto>> Handle(ListOrganizationTasksQuery request, CancellationToken cancellationToken)
    {
        if (!await db.Organizations.AnyAsync(o => o.Id == request.OrganizationId, cancellationToken))
        {
            throw OrganizationErrors.OrganizationNotFound(request.OrganizationId);
        }

        var tasks = db.Tasks.AsNoTracking().Where(t => t.OrganizationId == request.OrganizationId);
        if (request.Status is not null)
        {
            var status = WorkTaskStatusNames.FromWire(request.Status);
            tasks = tasks.Where(t => t.Status == status);
        }

        // The same nine columns as before; the description's JSON text is parsed on the client, in the final projection.
        return await tasks
            .OrderByDescending(t => t.UpdatedAt).ThenByDescending(t => t.Id)
            .ProjectToDto<TaskSummaryDto>(mapper.Config)
            .ToPageAsync(request, cancellationToken);
    }
}
