using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Platform.IntegrationTests.Support;

namespace Platform.IntegrationTests.Operations;

/// <summary>
/// With <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> set, spans and metrics reach an OTLP/HTTP (protobuf)
/// collector: here a loopback listener that keeps what arrives at /v1/traces and /v1/metrics and
/// reads just enough of the protobuf to find span names, parents and metric names.
/// </summary>
public sealed class OtlpExportTests
{
    [Test]
    public async Task A_tool_call_arrives_as_a_span_under_its_request_with_its_database_spans_and_the_metrics_arrive()
    {
        await using var collector = await OtlpCollector.StartAsync();
        var app = new PlatformApp(settings: collector.QuickExportSettings());
        try
        {
            using var owner = await app.BootstrapAsync();
            var response = await owner.PostJsonAsync("/mcp", new { tool = "projects.list", input = new { } });
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));

            await collector.WaitForAsync(
                () => collector.Spans.Any(s => s.Name == "tools/call projects.list") && collector.MetricNames.Contains("platform.mcp.tool.calls"),
                TimeSpan.FromSeconds(20));
        }
        finally
        {
            app.Dispose(); // flushes whatever is still batched
        }

        var tool = collector.Spans.Single(s => s.Name == "tools/call projects.list");
        Assert.Multiple(() =>
        {
            Assert.That(tool.Scope, Is.EqualTo("Platform"));
            var request = collector.Spans.SingleOrDefault(s => s.SpanId == tool.ParentSpanId);
            Assert.That(request?.Scope, Is.EqualTo("Microsoft.AspNetCore"), "the tool span's parent is its request's span");
            Assert.That(request?.Name, Does.StartWith("POST"));
            Assert.That(request?.AttributeKeys, Is.SupersetOf(new[] { "http.request.method", "url.path", "http.response.status_code" }),
                "the request span carries the HTTP semantic-convention tags");
            Assert.That(tool.AttributeKeys, Is.SupersetOf(new[] { "gen_ai.tool.name", "platform.mcp.dialect", "platform.mcp.outcome", "enduser.id" }));
            var database = collector.Spans.Where(s => s.ParentSpanId == tool.SpanId).ToList();
            Assert.That(database, Is.Not.Empty, "database spans under the tool call");
            Assert.That(database.Select(s => s.Scope), Is.All.EqualTo("Npgsql"));
            Assert.That(database.Select(s => s.TraceId), Is.All.EqualTo(tool.TraceId));
            Assert.That(collector.Paths, Does.Contain("/v1/traces").And.Contain("/v1/metrics"));
            Assert.That(collector.MetricNames, Does.Contain("platform.mcp.tool.duration").And.Contain("http.server.request.duration"));
            Assert.That(collector.MetricNames.Any(n => n.StartsWith("db.client.", StringComparison.Ordinal)), Is.True, "Npgsql's metrics: " + string.Join(", ", collector.MetricNames));
        });
    }

    [Test]
    public async Task A_todos_create_batch_is_a_span_linked_to_each_callers_tool_span_with_its_database_spans()
    {
        await using var collector = await OtlpCollector.StartAsync();
        var app = new PlatformApp(settings: collector.QuickExportSettings());
        try
        {
            using var owner = await app.BootstrapAsync();
            Assert.That((await owner.PostJsonAsync("/api/projects", new { name = "Traced" })).StatusCode, Is.EqualTo(HttpStatusCode.Created));
            var creates = Enumerable.Range(1, 6).Select(i =>
                owner.PostJsonAsync("/mcp", new { tool = "todos.create", input = new { projectSlug = "traced", title = $"Todo {i}" } }));
            Assert.That((await Task.WhenAll(creates)).Select(r => r.StatusCode), Is.All.EqualTo(HttpStatusCode.OK));

            await collector.WaitForAsync(
                () => collector.Spans.Count(s => s.Name == "tools/call todos.create") == 6 && collector.Spans.Any(s => s.Name == "todos.create batch"),
                TimeSpan.FromSeconds(20));
            await Task.Delay(500);
        }
        finally
        {
            app.Dispose();
        }

        var callers = collector.Spans.Where(s => s.Name == "tools/call todos.create").ToList();
        var batches = collector.Spans.Where(s => s.Name == "todos.create batch").ToList();
        Assert.Multiple(() =>
        {
            Assert.That(callers, Has.Count.EqualTo(6));
            Assert.That(batches, Is.Not.Empty);
            Assert.That(batches.Select(b => b.Scope), Is.All.EqualTo("Platform"));
            Assert.That(batches.Select(b => b.ParentSpanId), Is.All.Empty, "a batch runs for several requests: no parent");
            Assert.That(
                batches.SelectMany(b => b.Links).OrderBy(l => l.SpanId),
                Is.EqualTo(callers.Select(c => (c.TraceId, c.SpanId)).OrderBy(l => l.SpanId)),
                "every caller's tool span is linked from the batch that wrote its todo");
            foreach (var batch in batches)
            {
                Assert.That(collector.Spans.Where(s => s.ParentSpanId == batch.SpanId).Select(s => s.Scope), Has.Member("Npgsql"), "the batch's SQL beneath it");
            }
        });
    }

    [Test]
    public async Task The_standard_sampler_variables_apply_and_a_sampled_caller_is_followed()
    {
        await using var collector = await OtlpCollector.StartAsync();
        var settings = collector.QuickExportSettings();
        settings["OTEL_TRACES_SAMPLER"] = "parentbased_traceidratio";
        settings["OTEL_TRACES_SAMPLER_ARG"] = "0";
        var app = new PlatformApp(settings: settings);
        const string CallerTrace = "4bf92f3577b34da6a3ce929d0e0e4736";
        try
        {
            using var owner = await app.BootstrapAsync();
            for (var i = 0; i < 5; i++)
            {
                Assert.That((await owner.PostJsonAsync("/mcp", new { tool = "projects.list", input = new { } })).StatusCode, Is.EqualTo(HttpStatusCode.OK));
            }

            // A caller that sampled its own trace (W3C traceparent, flag 01): parent-based sampling records it.
            using var traced = new HttpRequestMessage(HttpMethod.Post, "/mcp")
            {
                Content = new StringContent("{\"tool\":\"projects.list\",\"input\":{}}", System.Text.Encoding.UTF8, "application/json"),
            };
            traced.Headers.Add("X-Scrumboy", "1");
            traced.Headers.Add("traceparent", $"00-{CallerTrace}-00f067aa0ba902b7-01");
            Assert.That((await owner.Http.SendAsync(traced)).StatusCode, Is.EqualTo(HttpStatusCode.OK));

            await collector.WaitForAsync(
                () => collector.Spans.Any(s => s.Name == "tools/call projects.list") && collector.MetricNames.Contains("platform.mcp.tool.calls"),
                TimeSpan.FromSeconds(20));
            await Task.Delay(1000); // anything else batched arrives too
        }
        finally
        {
            app.Dispose();
        }

        var tools = collector.Spans.Where(s => s.Name == "tools/call projects.list").ToList();
        Assert.Multiple(() =>
        {
            Assert.That(tools.Select(s => s.TraceId), Is.EqualTo(new[] { CallerTrace.ToUpperInvariant() }), "only the caller-sampled call is recorded at ratio 0");
            Assert.That(collector.Spans.Select(s => s.TraceId).Distinct(), Is.EqualTo(new[] { CallerTrace.ToUpperInvariant() }), "no span of an unsampled request");
            Assert.That(collector.MetricNames, Does.Contain("platform.mcp.tool.calls"), "metrics do not depend on sampling");
        });
    }

    [Test]
    public async Task Telemetry_switched_off_exports_nothing_even_with_an_endpoint()
    {
        await using var collector = await OtlpCollector.StartAsync();
        using (var app = new PlatformApp(settings: new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.Endpoint,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["Telemetry:Enabled"] = "false",
        }))
        {
            using var owner = await app.BootstrapAsync();
            Assert.That((await owner.PostJsonAsync("/mcp", new { tool = "projects.list", input = new { } })).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        Assert.That(collector.Paths, Is.Empty);
    }
}

/// <summary>A loopback OTLP/HTTP receiver that keeps every request's path and protobuf body.</summary>
internal sealed class OtlpCollector : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<(string Path, byte[] Body)> _received = new();

    private OtlpCollector(WebApplication app) => _app = app;

    public string Endpoint { get; private set; } = "";

    public IReadOnlyList<string> Paths => _received.Select(r => r.Path).ToList();

    /// <summary>Settings that export to this collector over OTLP/HTTP, spans every 200 ms and metrics every 500 ms.</summary>
    public Dictionary<string, string?> QuickExportSettings() => new()
    {
        ["OTEL_EXPORTER_OTLP_ENDPOINT"] = Endpoint,
        ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
        ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
        ["OTEL_METRIC_EXPORT_INTERVAL"] = "500",
    };

    public IReadOnlyList<OtlpSpan> Spans => _received.Where(r => r.Path == "/v1/traces").SelectMany(r => OtlpProtobuf.Spans(r.Body)).ToList();

    public IReadOnlySet<string> MetricNames => _received.Where(r => r.Path == "/v1/metrics").SelectMany(r => OtlpProtobuf.MetricNames(r.Body)).ToHashSet();

    public static async Task<OtlpCollector> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var collector = new OtlpCollector(app);
        app.MapPost("/v1/{signal}", async (HttpContext context) =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            collector._received.Enqueue((context.Request.Path.Value!, body.ToArray()));
            return Results.Bytes([], "application/x-protobuf"); // an empty Export*ServiceResponse: all accepted
        });
        await app.StartAsync();
        collector.Endpoint = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return collector;
    }

    public async Task WaitForAsync(Func<bool> condition, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (!condition() && DateTime.UtcNow < until)
        {
            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}

internal sealed record OtlpSpan(
    string Scope, string Name, string TraceId, string SpanId, string ParentSpanId, IReadOnlyList<string> AttributeKeys, IReadOnlyList<(string TraceId, string SpanId)> Links);

/// <summary>
/// Just enough of the protobuf wire format for OTLP's ExportTraceServiceRequest and
/// ExportMetricsServiceRequest (opentelemetry-proto): field numbers from trace.proto and metrics.proto.
/// </summary>
internal static class OtlpProtobuf
{
    public static IEnumerable<OtlpSpan> Spans(byte[] request)
    {
        foreach (var resourceSpans in Messages(request, 1))
        {
            foreach (var scopeSpans in Messages(resourceSpans, 2))
            {
                var scope = Messages(scopeSpans, 1).Select(s => Text(s, 1)).FirstOrDefault() ?? "";
                foreach (var span in Messages(scopeSpans, 2))
                {
                    var attributes = Messages(span, 9).Select(a => Text(a, 1) ?? "").ToList(); // KeyValue.key
                    var links = Messages(span, 13).Select(l => (Hex(l, 1), Hex(l, 2))).ToList(); // Link.trace_id, Link.span_id
                    yield return new OtlpSpan(scope, Text(span, 5) ?? "", Hex(span, 1), Hex(span, 2), Hex(span, 4), attributes, links);
                }
            }
        }
    }

    public static IEnumerable<string> MetricNames(byte[] request)
    {
        foreach (var resourceMetrics in Messages(request, 1))
        {
            foreach (var scopeMetrics in Messages(resourceMetrics, 2))
            {
                foreach (var metric in Messages(scopeMetrics, 2))
                {
                    if (Text(metric, 1) is { } name)
                    {
                        yield return name;
                    }
                }
            }
        }
    }

    private static string? Text(byte[] message, int field) =>
        Messages(message, field).Select(b => System.Text.Encoding.UTF8.GetString(b)).FirstOrDefault();

    private static string Hex(byte[] message, int field) => Messages(message, field).Select(Convert.ToHexString).FirstOrDefault() ?? "";

    /// <summary>The length-delimited values of <paramref name="field"/> in <paramref name="message"/>.</summary>
    private static List<byte[]> Messages(byte[] message, int field)
    {
        var found = new List<byte[]>();
        var position = 0;
        while (position < message.Length)
        {
            var key = Varint(message, ref position);
            var number = (int)(key >> 3);
            switch (key & 7)
            {
                case 0:
                    Varint(message, ref position);
                    break;
                case 1:
                    position += 8;
                    break;
                case 5:
                    position += 4;
                    break;
                case 2:
                    var length = (int)Varint(message, ref position);
                    if (number == field)
                    {
                        found.Add(message[position..(position + length)]);
                    }

                    position += length;
                    break;
                default:
                    throw new FormatException($"unexpected wire type {key & 7}");
            }
        }

        return found;
    }

    private static ulong Varint(byte[] buffer, ref int position)
    {
        ulong value = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = buffer[position++];
            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return value;
            }
        }
    }
}
