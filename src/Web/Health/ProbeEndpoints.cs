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
        app.MapGet("/_probe/memory", () =>
        {
            var gc = GC.GetGCMemoryInfo();
            return TypedResults.Json(new MemoryAnswer(
                Environment.WorkingSet / (1024 * 1024),
                GC.GetTotalMemory(forceFullCollection: false) / (1024 * 1024),
                gc.HeapSizeBytes / (1024 * 1024),
                gc.TotalCommittedBytes / (1024 * 1024),
                GC.CollectionCount(0),
                GC.CollectionCount(2),
                System.Runtime.GCSettings.IsServerGC,
                ThreadPool.ThreadCount));
        });
        return app;
    }

    public sealed record ProbeAnswer(string Status, int Value);

    /// <summary>Where the process's memory is (MiB): working set, managed objects, GC heap and committed GC memory.</summary>
    public sealed record MemoryAnswer(
        long WorkingSetMb, long ManagedMb, long HeapMb, long CommittedMb, int Gen0Collections, int Gen2Collections, bool ServerGc, int ThreadPoolThreads);
}
