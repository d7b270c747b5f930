using System.Net;
using System.Security.Cryptography;
using System.Text;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Platform.Application.Common.Telemetry;

namespace Platform.Web.Observability;

/// <summary>
/// The operator's settings of metrics and traces (section <c>Telemetry</c>, e.g. <c>Telemetry__Prometheus__Enabled</c>),
/// plus the standard <c>OTEL_EXPORTER_OTLP_*</c> variables. See README "Operating Platform" and decision 0007.
/// </summary>
public sealed class TelemetrySettings
{
    public const string Section = "Telemetry";
    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>Unset: on when an exporter is configured. <c>true</c>: record even without an exporter (benchmarks). <c>false</c>: off whatever is configured.</summary>
    public bool? Enabled { get; init; }

    public bool PrometheusEnabled { get; init; }

    public string PrometheusPath { get; init; } = "/metrics";

    /// <summary>Networks (CIDR) and addresses whose scrapes are answered.</summary>
    public IReadOnlyList<IPNetwork> PrometheusNetworks { get; init; } = [];

    /// <summary>SHA-256 of the bearer secret a scrape may present instead (null: none configured).</summary>
    public byte[]? PrometheusSecretHash { get; init; }

    public bool OtlpEnabled { get; init; }

    /// <summary>Whether OpenTelemetry listens at all.</summary>
    public bool IsOn => Enabled ?? (PrometheusEnabled || OtlpEnabled);

    /// <summary>
    /// Whether spans are recorded: only when something receives them (OTLP) or recording is asked for
    /// explicitly (<c>Telemetry__Enabled=true</c>). A Prometheus-only deployment records metrics alone:
    /// spans nobody exports would cost every request for nothing.
    /// </summary>
    public bool TracesOn => Enabled == true || (Enabled is null && OtlpEnabled);

    public static TelemetrySettings From(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        var path = section["Prometheus:Path"] is { Length: > 0 } p ? p : "/metrics";
        if (!path.StartsWith('/') || path.Length < 2)
        {
            throw new InvalidOperationException($"Telemetry:Prometheus:Path '{path}' must be an absolute path such as /metrics.");
        }

        var networks = new List<IPNetwork>();
        foreach (var entry in (section["Prometheus:AllowedNetworks"] ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (IPNetwork.TryParse(entry, out var network))
            {
                networks.Add(network);
            }
            else if (IPAddress.TryParse(entry, out var address))
            {
                networks.Add(new IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128));
            }
            else
            {
                throw new InvalidOperationException($"Telemetry:Prometheus:AllowedNetworks: '{entry}' is neither an IP address nor a CIDR network.");
            }
        }

        var secret = section["Prometheus:BearerToken"];
        if (secret is { Length: > 0 and < 16 })
        {
            throw new InvalidOperationException("Telemetry:Prometheus:BearerToken must be at least 16 characters.");
        }

        return new TelemetrySettings
        {
            Enabled = section.GetValue<bool?>("Enabled"),
            PrometheusEnabled = section.GetValue("Prometheus:Enabled", false),
            PrometheusPath = path.TrimEnd('/'),
            PrometheusNetworks = networks,
            PrometheusSecretHash = secret is { Length: > 0 } ? SHA256.HashData(Encoding.UTF8.GetBytes(secret)) : null,
            OtlpEnabled = !string.IsNullOrWhiteSpace(configuration[OtlpEndpointVariable]),
        };
    }
}

public static class TelemetrySetup
{
    internal const string AspNetCoreNativeSpanTagsSwitch = "Microsoft.AspNetCore.Hosting.SuppressActivityOpenTelemetryData";

    /// <summary>
    /// OpenTelemetry when <see cref="TelemetrySettings.IsOn"/>: metrics of ASP.NET Core (HTTP server, Kestrel,
    /// routing, rate limiting), Npgsql and Platform's meter; when <see cref="TelemetrySettings.TracesOn"/>,
    /// traces of ASP.NET Core (one span per request), Platform's tool calls and Npgsql commands beneath
    /// them; exported through Prometheus (metrics) and/or OTLP (both).
    /// Off, nothing listens and the instruments cost a branch.
    /// </summary>
    public static TelemetrySettings AddPlatformTelemetry(this WebApplicationBuilder builder)
    {
        var settings = TelemetrySettings.From(builder.Configuration);
        builder.Services.AddSingleton(settings);
        if (!settings.IsOn)
        {
            return settings;
        }

        var otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(builder.Configuration["OTEL_SERVICE_NAME"] is { Length: > 0 } name ? name : "platform"))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(PlatformMetrics.MeterName)
                    .AddAspNetCoreInstrumentation()
                    .AddNpgsqlInstrumentation();
                if (settings.PrometheusEnabled)
                {
                    metrics.AddPrometheusExporter();
                }
            });
        if (settings.TracesOn)
        {
            // ASP.NET Core 10 writes the request span's semantic-convention tags itself when this switch is
            // off (the default from ASP.NET Core 11); the instrumentation then skips its own copy of that work.
            // Set before the host is built, which reads it.
            AppContext.SetSwitch(AspNetCoreNativeSpanTagsSwitch, false);
            otel.WithTracing(tracing => tracing
                .AddSource(PlatformTracing.SourceName)
                .AddAspNetCoreInstrumentation(o => o.Filter = context => !IsScrape(context, settings))
                .AddNpgsql());
        }

        if (settings.OtlpEnabled)
        {
            // Reads OTEL_EXPORTER_OTLP_ENDPOINT / _PROTOCOL / _HEADERS (and the per-signal variants) itself.
            otel.UseOtlpExporter();
        }

        return settings;
    }

    /// <summary>
    /// The Prometheus scrape path, answered only when enabled and only to a configured network or the
    /// configured bearer secret (compared in constant time); anyone else falls through to the 404 of an
    /// unknown path. The path is matched as routing matches it: decoded, case-insensitively, with or
    /// without a trailing slash, so no spelling of it reaches the exporter past the check.
    /// </summary>
    public static IApplicationBuilder UsePrometheusScrape(this IApplicationBuilder app, TelemetrySettings settings)
    {
        if (!settings.IsOn || !settings.PrometheusEnabled)
        {
            return app;
        }

        if (settings.PrometheusNetworks.Count == 0 && settings.PrometheusSecretHash is null)
        {
            app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger("Platform.Web.Telemetry").LogWarning(
                "Telemetry:Prometheus:Enabled is set, but neither Telemetry:Prometheus:AllowedNetworks nor Telemetry:Prometheus:BearerToken: nobody may scrape {Path}.",
                settings.PrometheusPath);
        }

        return app.UseOpenTelemetryPrometheusScrapingEndpoint(
            meterProvider: null,
            predicate: context => IsScrape(context, settings) && MayScrape(context, settings),
            path: null,
            configureBranchedPipeline: null,
            optionsName: null);
    }

    internal static bool IsScrape(HttpContext context, TelemetrySettings settings)
    {
        var path = context.Request.Path.Value;
        if (path is null || !settings.PrometheusEnabled)
        {
            return false;
        }

        var trimmed = path.Length > 1 && path[^1] == '/' ? path.AsSpan(0, path.Length - 1) : path.AsSpan();
        return trimmed.Equals(settings.PrometheusPath, StringComparison.OrdinalIgnoreCase);
    }

    internal static bool MayScrape(HttpContext context, TelemetrySettings settings)
    {
        if (!HttpMethods.IsGet(context.Request.Method))
        {
            return false;
        }

        if (context.Connection.RemoteIpAddress is { } remote)
        {
            var address = remote.IsIPv4MappedToIPv6 ? remote.MapToIPv4() : remote;
            foreach (var network in settings.PrometheusNetworks)
            {
                if (network.Contains(address))
                {
                    return true;
                }
            }
        }

        if (settings.PrometheusSecretHash is not { } expected)
        {
            return false;
        }

        var authorization = context.Request.Headers.Authorization;
        if (authorization.Count != 1 || authorization[0] is not { } value || !value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        // Both sides hashed: the comparison takes the same time whatever the secret's length or the first difference.
        var presented = SHA256.HashData(Encoding.UTF8.GetBytes(value.AsSpan(7).Trim().ToString()));
        return CryptographicOperations.FixedTimeEquals(presented, expected);
    }
}
