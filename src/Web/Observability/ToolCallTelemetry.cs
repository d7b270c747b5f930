using System.Diagnostics;
using Platform.Application.Common.Telemetry;
using Platform.Domain.Common;
using Platform.Web.Security;

namespace Platform.Web.Observability;

/// <summary>The dialect tag of a tool call: which endpoint served it.</summary>
public static class ToolCallDialects
{
    public const string ApiMcp = "api-mcp";
    public const string BoardsMcp = "boards-mcp";
    public const string McpRpc = "mcp-rpc";
    public const string Envelope = "envelope";
}

/// <summary>
/// One tool call as an operator sees it: a span <c>tools/call {tool}</c> on <see cref="PlatformTracing.Source"/>
/// (child of the request's span, parent of the database spans) and one count plus one duration
/// in <see cref="PlatformMetrics"/>. The span carries the tool, the dialect, the outcome, the user id and
/// the OAuth client id, never arguments, tokens or passwords. With nobody listening, starting one costs a
/// timestamp and two checks.
/// </summary>
public readonly struct ToolCallTelemetry
{
    private readonly PlatformMetrics? _metrics;
    private readonly Activity? _activity;
    private readonly string _dialect;
    private readonly string _tool;
    private readonly long _started;

    private ToolCallTelemetry(PlatformMetrics? metrics, Activity? activity, string dialect, string tool, long started)
    {
        _metrics = metrics;
        _activity = activity;
        _dialect = dialect;
        _tool = tool;
        _started = started;
    }

    /// <summary>Starts the span and the clock of a call of <paramref name="tool"/> (a catalog name: bounded).</summary>
    public static ToolCallTelemetry Start(IServiceProvider services, string dialect, string tool)
    {
        var metrics = services.GetRequiredService<PlatformMetrics>();
        var activity = PlatformTracing.Source.HasListeners() ? PlatformTracing.Source.StartActivity("tools/call " + tool, ActivityKind.Internal) : null;
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("mcp.method.name", "tools/call");
            activity.SetTag("gen_ai.tool.name", tool);
            activity.SetTag("platform.mcp.dialect", dialect);
        }

        return new ToolCallTelemetry(metrics.ToolCallsEnabled ? metrics : null, activity, dialect, tool, Stopwatch.GetTimestamp());
    }

    /// <summary>Ends the call as answered.</summary>
    public void Succeeded(HttpContext context) => End(context, ToolCallOutcomes.Ok, null);

    /// <summary>Ends the call as failed with <paramref name="exception"/> (the outcome follows its error code).</summary>
    public void Failed(HttpContext context, Exception exception) => End(context, OutcomeOf(exception), exception);

    /// <summary>
    /// The outcome of a failure: <c>denied</c> for the caller's missing rights (401, 403, 429),
    /// <c>user_error</c> for what the caller can fix (validation, not found, conflict, the text rule),
    /// <c>internal</c> for everything else (bugs, the database away).
    /// </summary>
    public static string OutcomeOf(Exception exception) => exception switch
    {
        PlatformException { Code: ErrorCodes.AuthRequired or ErrorCodes.Forbidden or ErrorCodes.CapabilityUnavailable or ErrorCodes.RateLimited } =>
            ToolCallOutcomes.Denied,
        PlatformException rule when Http.ErrorClassifier.StatusOf(rule) is >= 400 and < 500 => ToolCallOutcomes.UserError,
        _ when Infrastructure.Persistence.DatabaseErrors.IsInvalidText(exception) => ToolCallOutcomes.UserError,
        _ => ToolCallOutcomes.Internal,
    };

    private void End(HttpContext context, string outcome, Exception? exception)
    {
        _metrics?.ToolCall(_dialect, _tool, outcome, Stopwatch.GetElapsedTime(_started).TotalSeconds);
        if (_activity is not { } activity)
        {
            return;
        }

        if (activity.IsAllDataRequested)
        {
            activity.SetTag("platform.mcp.outcome", outcome);
            var user = context.User;
            if (user.FindFirst(PlatformClaims.UserId)?.Value is { } userId)
            {
                activity.SetTag("enduser.id", userId);
            }

            if (user.FindFirst("client_id")?.Value is { } clientId)
            {
                activity.SetTag("oauth.client.id", clientId);
            }

            if (exception is not null)
            {
                activity.SetTag("error.type", exception is PlatformException rule ? rule.Code : exception.GetType().FullName);
                if (outcome == ToolCallOutcomes.Internal)
                {
                    activity.SetStatus(ActivityStatusCode.Error);
                }
            }
        }

        activity.Dispose();
    }
}
