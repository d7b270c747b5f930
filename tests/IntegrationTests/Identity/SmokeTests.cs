using System.Net;
using Platform.IntegrationTests.Support;

namespace Platform.IntegrationTests.Identity;

public sealed class HealthTests
{
    [Test]
    public async Task Healthz_and_readyz_answer_ok_on_a_migrated_database()
    {
        using var app = new PlatformApp();
        using var client = app.NewClient();
        Assert.That((await client.GetAsync("/healthz")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var ready = await client.GetAsync("/readyz");
        Assert.That(ready.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await ready.ReadJsonAsync()).GetProperty("status").GetString(), Is.EqualTo("ready"));
    }
}

public sealed class BenchmarkProbeTests
{
    [Test]
    public async Task Probes_are_not_mapped_in_a_normal_deployment()
    {
        using var app = new PlatformApp();
        using var client = app.NewClient();

        foreach (var path in new[] { "/_probe/json", "/_probe/query", "/_probe/memory" })
        {
            Assert.That((await client.GetAsync(path)).StatusCode, Is.EqualTo(HttpStatusCode.NotFound), path);
        }
    }

    [Test]
    public async Task With_the_benchmark_switch_they_answer_json_a_query_and_the_memory_figures()
    {
        using var app = new PlatformApp(settings: new Dictionary<string, string?> { ["PLATFORM_BENCHMARK_PROBES"] = "1" });
        using var client = app.NewClient();

        Assert.That((await (await client.GetAsync("/_probe/json")).ReadJsonAsync()).GetProperty("status").GetString(), Is.EqualTo("ok"));
        Assert.That((await (await client.GetAsync("/_probe/query")).ReadJsonAsync()).GetProperty("value").GetInt32(), Is.EqualTo(1));
        var memory = await (await client.GetAsync("/_probe/memory")).ReadJsonAsync();
        Assert.That(memory.GetProperty("workingSetMb").GetInt64(), Is.GreaterThan(0));
        Assert.That(memory.GetProperty("committedMb").GetInt64(), Is.GreaterThanOrEqualTo(memory.GetProperty("heapMb").GetInt64()));
        Assert.That(memory.GetProperty("gen0Collections").GetInt32(), Is.GreaterThanOrEqualTo(0));
    }
}
