using Microsoft.EntityFrameworkCore;
using Platform.Infrastructure.Persistence;

namespace Platform.Web.Health;

/// <summary>
/// Ceiling probes for the benchmark (build/bench.sh): the cheapest JSON answer this build can give,
/// with and without one database round trip, so every figure can be read as a fraction of what the
/// machine can do at all. Mapped only when PLATFORM_BENCHMARK_PROBES=1; never in a normal deployment.
/// </summary>
public static class ProbeEndpoints
{
    public static IEndpointRouteBuilder MapBenchmarkProbes(this IEndpointRouteBuilder app, IConfiguration configuration)
    {
        if (configuration["PLATFORM_BENCHMARK_PROBES"] != "1")
        {
            return app;
        }

        app.MapGet("/_probe/json", () => TypedResults.Json(new ProbeAnswer("ok", 0)));
        app.MapGet("/_probe/query", async (PlatformDbContext db, CancellationToken ct) =>
        {
            var value = await db.Database.SqlQueryRaw<int>("SELECT 1 AS \"Value\"").SingleAsync(ct);
            return TypedResults.Json(new ProbeAnswer("ok", value));
        });
        return app;
    }

    public sealed record ProbeAnswer(string Status, int Value);
}
