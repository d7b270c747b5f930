using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Platform.Infrastructure.Persistence;

namespace Platform.Web.Health;

/// <summary>
/// <c>/healthz</c> (liveness: the process answers) and <c>/readyz</c> (readiness: the database answers
/// and every migration of this build is applied) on the framework's health checks, with the bodies and
/// status codes they always had: <c>{"status":"ok"}</c>; <c>{"status":"ready"}</c> or 503
/// <c>{"status":"unavailable","reason":…}</c>.
/// </summary>
public static class HealthEndpoints
{
    private const string ReadyTag = "ready";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static IServiceCollection AddPlatformHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks().AddCheck<DatabaseReadyCheck>("database", tags: [ReadyTag]);
        return services;
    }

    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/healthz", new HealthCheckOptions
        {
            Predicate = _ => false,
            ResponseWriter = (context, _) => WriteAsync(context, new { status = "ok" }),
        }).WithMetadata(new HttpMethodMetadata(["GET"]));
        app.MapHealthChecks("/readyz", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(ReadyTag),
            ResultStatusCodes =
            {
                [HealthStatus.Healthy] = StatusCodes.Status200OK,
                [HealthStatus.Degraded] = StatusCodes.Status503ServiceUnavailable,
                [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
            },
            ResponseWriter = WriteReadyAsync,
        }).WithMetadata(new HttpMethodMetadata(["GET"]));
        return app;
    }

    private static Task WriteReadyAsync(HttpContext context, HealthReport report)
    {
        if (report.Status == HealthStatus.Healthy)
        {
            return WriteAsync(context, new { status = "ready" });
        }

        var data = report.Entries.Values.Select(e => e.Data).FirstOrDefault(d => d.ContainsKey(DatabaseReadyCheck.ReasonKey));
        var reason = data?[DatabaseReadyCheck.ReasonKey] as string ?? DatabaseReadyCheck.Unreachable;
        return data?.TryGetValue(DatabaseReadyCheck.PendingKey, out var pending) == true
            ? WriteAsync(context, new { status = "unavailable", reason, pending })
            : WriteAsync(context, new { status = "unavailable", reason });
    }

    private static Task WriteAsync<T>(HttpContext context, T body)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        return JsonSerializer.SerializeAsync(context.Response.Body, body, Json, context.RequestAborted);
    }
}

/// <summary>Ready = the database answers (within 3 s) and every migration of this build is applied.</summary>
internal sealed class DatabaseReadyCheck(PlatformDbContext db) : IHealthCheck
{
    public const string ReasonKey = "reason";
    public const string PendingKey = "pending";
    public const string Unreachable = "database unreachable";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(3));
            var pending = (await db.Database.GetPendingMigrationsAsync(timeout.Token)).ToList();
            return pending.Count == 0
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy("migrations pending", data: new Dictionary<string, object> { [ReasonKey] = "migrations pending", [PendingKey] = pending });
        }
        catch (Exception ex) when (ex is OperationCanceledException || DatabaseErrors.IsUnavailable(ex) || ex is Npgsql.NpgsqlException)
        {
            return HealthCheckResult.Unhealthy(Unreachable, data: new Dictionary<string, object> { [ReasonKey] = Unreachable });
        }
    }
}
