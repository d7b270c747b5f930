using Microsoft.Extensions.Configuration;
using Platform.Web.Observability;

namespace Platform.UnitTests.Web;

/// <summary>What the operator's settings turn on (decision 0007): metrics for any exporter, spans only when something receives them.</summary>
public sealed class TelemetrySettingsTests
{
    private static TelemetrySettings From(params (string Key, string Value)[] values) =>
        TelemetrySettings.From(new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value))).Build());

    [Test]
    public void Nothing_configured_records_nothing()
    {
        var settings = From();
        Assert.That((settings.IsOn, settings.TracesOn), Is.EqualTo((false, false)));
    }

    [Test]
    public void Prometheus_alone_records_metrics_but_no_spans()
    {
        var settings = From(("Telemetry:Prometheus:Enabled", "true"), ("Telemetry:Prometheus:AllowedNetworks", "127.0.0.1/32"));
        Assert.That((settings.IsOn, settings.TracesOn), Is.EqualTo((true, false)));
    }

    [Test]
    public void An_otlp_endpoint_records_metrics_and_spans()
    {
        var settings = From((TelemetrySettings.OtlpEndpointVariable, "http://127.0.0.1:4318"));
        Assert.That((settings.IsOn, settings.TracesOn), Is.EqualTo((true, true)));
    }

    [Test]
    public void Enabled_true_records_both_and_false_turns_everything_off()
    {
        Assert.That(From(("Telemetry:Enabled", "true")).TracesOn, Is.True);
        var off = From(("Telemetry:Enabled", "false"), (TelemetrySettings.OtlpEndpointVariable, "http://127.0.0.1:4318"), ("Telemetry:Prometheus:Enabled", "true"));
        Assert.That((off.IsOn, off.TracesOn), Is.EqualTo((false, false)));
    }
}
