using System.ComponentModel;
using System.Text.Json;
using MapsterMapper;
using MediatR;
using Platform.Application.Common.Paging;
using Platform.Application.Identity.Audit.ListAuditLog;
using Platform.Web.Api.OpenApi;

namespace Platform.Web.Api.Admin;

/// <summary><c>/api/admin/audit-log</c>: every admin write, newest first.</summary>
public static class AuditLogEndpoints
{
    public static RouteGroupBuilder MapAdminAuditLog(this RouteGroupBuilder admin)
    {
        admin.MapGet("/audit-log", ListAuditLog)
            .WithTags("Admin audit log")
            .Describe("listAuditLog", "List the admin audit log (paged, newest first)",
                "One entry per successful admin write: who (`actorUserId`), what (`action`), when (`occurredAt`), which target and a small JSON summary (never secrets). "
                + "Filter by actor, action or target.")
            .ProducesJson<PageJson<AuditEntryJson>>()
            .ProducesAdminProblems(StatusCodes.Status400BadRequest)
            .WithExamples(response: new PageJson<AuditEntryJson>(
                [new AuditEntryJson(
                    101, "2026-11-21T10:00:00Z", 1, "owner@example.com", "Owner", "user.disable", "user", "42",
                    JsonSerializer.SerializeToElement(new { sessionsEnded = 2 }), "4bf92f3577b34da6a3ce929d0e0e4736")],
                1, 50, 1));
        return admin;
    }

    public static async Task<IResult> ListAuditLog(
        IMediator mediator,
        IMapper mapper,
        [Description("Only entries made by this user id")] int? actorUserId,
        [Description("Only this action, e.g. user.disable")] string? action,
        [Description("Only this target type, e.g. user")] string? targetType,
        [Description("Only this target id (with targetType)")] string? targetId,
        [Description("Page number, from 1 (default 1)")] int? page,
        [Description("Items per page, 1-200 (default 50)")] int? pageSize,
        CancellationToken ct)
    {
        var result = await mediator.Send(
            new ListAuditLogQuery(actorUserId, action, targetType, targetId, page ?? 1, pageSize ?? Paging.DefaultPageSize), ct);
        return AdminResults.Ok(PageJson<AuditEntryJson>.From(result, mapper));
    }
}

/// <summary>One admin write.</summary>
public sealed record AuditEntryJson(
    long Id,
    string OccurredAt,
    int ActorUserId,
    string? ActorEmail,
    string? ActorName,
    string Action,
    string TargetType,
    string? TargetId,
    JsonElement Summary,
    string? TraceId);
