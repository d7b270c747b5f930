using Microsoft.EntityFrameworkCore;
using Platform.Infrastructure.Persistence;

namespace Platform.Web.Health;

public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", () => TypedResults.Json(new { status = "ok" }));
        app.MapGet("/readyz", Ready);
        return app;
    }

    /// <summary>Ready = the database answers and every migration of this build is applied.</summary>
    public static async Task<IResult> Ready(PlatformDbContext db, CancellationToken ct)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(3));
            var pending = (await db.Database.GetPendingMigrationsAsync(timeout.Token)).ToList();
            return pending.Count == 0
                ? TypedResults.Json(new { status = "ready" })
                : TypedResults.Json(new { status = "unavailable", reason = "migrations pending", pending }, statusCode: StatusCodes.Status503ServiceUnavailable);
        }
        catch (Exception ex) when (ex is OperationCanceledException || DatabaseErrors.IsUnavailable(ex) || ex is Npgsql.NpgsqlException)
        {
            return TypedResults.Json(new { status = "unavailable", reason = "database unreachable" }, statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }
}
