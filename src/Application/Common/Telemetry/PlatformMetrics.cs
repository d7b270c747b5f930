using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Platform.Application.Common.Telemetry;

/// <summary>
/// Platform's own instruments, on the meter <see cref="MeterName"/> (System.Diagnostics.Metrics;
/// OpenTelemetry exports them when it is on, decision 0007). Every tag value comes
/// from a small fixed set (dialect, catalog tool name, outcome, grant type, OAuth error code, limiter
/// name), never from what a caller typed, so the number of series stays bounded. Recording with no
/// listener costs a branch; with one, tags travel as a <see cref="TagList"/> on the stack.
/// </summary>
public sealed class PlatformMetrics
{
    public const string MeterName = "Platform";

    private readonly Counter<long> _toolCalls;
    private readonly Histogram<double> _toolCallDuration;
    private readonly Counter<long> _registrations;
    private readonly Counter<long> _authorizations;
    private readonly Counter<long> _tokenRequests;
    private readonly Counter<long> _refreshReuse;
    private readonly Counter<long> _refreshGraceHits;
    private readonly Counter<long> _rateLimitRejections;
    private readonly Counter<long> _loginFailures;

    public PlatformMetrics(IMeterFactory meterFactory)
    {
        Meter = meterFactory.Create(MeterName);
        _toolCalls = Meter.CreateCounter<long>("platform.mcp.tool.calls", "{call}", "MCP tool calls by dialect, tool and outcome");
        _toolCallDuration = Meter.CreateHistogram<double>(
            "platform.mcp.tool.duration", "s", "How long a tool call ran (decoding, authorization, handler, result), by dialect, tool and outcome",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });
        _registrations = Meter.CreateCounter<long>("platform.oauth.registrations", "{client}", "OAuth clients registered, by kind (dynamic, metadata_document)");
        _authorizations = Meter.CreateCounter<long>("platform.oauth.authorizations", "{code}", "Authorization codes issued (a user allowed a client)");
        _tokenRequests = Meter.CreateCounter<long>("platform.oauth.token.requests", "{request}", "Token endpoint requests by grant type and outcome (issued or the OAuth error code)");
        _refreshReuse = Meter.CreateCounter<long>("platform.oauth.refresh.reuse_detected", "{family}", "A spent refresh token presented again outside the grace: its family was revoked");
        _refreshGraceHits = Meter.CreateCounter<long>("platform.oauth.refresh.grace_hits", "{request}", "A rotated refresh token presented again within the reuse grace and answered again (decision 0303)");
        _rateLimitRejections = Meter.CreateCounter<long>("platform.rate_limit.rejections", "{request}", "Requests refused by a rate limit, by limiter");
        _loginFailures = Meter.CreateCounter<long>("platform.auth.login.failures", "{attempt}", "Failed sign-ins (wrong e-mail or password, disabled user), on /api/auth/login and the OAuth sign-in page");
    }

    /// <summary>The meter (tests listen to exactly this instance: <c>instrument.Meter == metrics.Meter</c>).</summary>
    public Meter Meter { get; }

    /// <summary>Whether anyone listens to tool calls (skip the timing when nobody does).</summary>
    public bool ToolCallsEnabled => _toolCalls.Enabled || _toolCallDuration.Enabled;

    public void ToolCall(string dialect, string tool, string outcome, double seconds)
    {
        var tags = new TagList { { "dialect", dialect }, { "tool", tool }, { "outcome", outcome } };
        _toolCalls.Add(1, tags);
        _toolCallDuration.Record(seconds, tags);
    }

    public void ClientRegistered(string kind) => _registrations.Add(1, new KeyValuePair<string, object?>("kind", kind));

    public void AuthorizationCodeIssued() => _authorizations.Add(1);

    public void TokenRequest(string grantType, string outcome) =>
        _tokenRequests.Add(1, new KeyValuePair<string, object?>("grant_type", grantType), new KeyValuePair<string, object?>("outcome", outcome));

    public void RefreshReuseDetected() => _refreshReuse.Add(1);

    public void RefreshGraceHit() => _refreshGraceHits.Add(1);

    public void RateLimitRejected(string limiter) => _rateLimitRejections.Add(1, new KeyValuePair<string, object?>("limiter", limiter));

    public void LoginFailed() => _loginFailures.Add(1);
}

/// <summary>The outcome tag of a tool call.</summary>
public static class ToolCallOutcomes
{
    public const string Ok = "ok";
    public const string UserError = "user_error";
    public const string Denied = "denied";
    public const string Internal = "internal";
}
