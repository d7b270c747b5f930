using System.Globalization;
using System.Security.Claims;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Platform.Application.Common.Interfaces;
using Platform.Application.Common.Telemetry;
using Platform.Web.Security;
using Platform.Web.Security.Bearer;

namespace Platform.Web.Mcp.RateLimiting;

/// <summary>A refused tool call: which limit (<c>user</c> or <c>client</c>), the limit, and when to retry.</summary>
public sealed record ToolCallRefusal(string Scope, int Limit, TimeSpan Window, TimeSpan RetryAfter)
{
    /// <summary>The Retry-After value: whole seconds, at least one.</summary>
    public int RetryAfterSeconds => Math.Max(1, (int)Math.Ceiling(RetryAfter.TotalSeconds));

    /// <summary>The sentence for the caller, saying when to retry.</summary>
    public string Message(DateTimeOffset now) => string.Create(CultureInfo.InvariantCulture,
        $"Too many tool calls: this {Scope}'s limit of {Limit} calls per {Describe(Window)} is reached; retry in {RetryAfterSeconds} s (after {now.AddSeconds(RetryAfterSeconds).UtcDateTime:HH:mm:ss} UTC).");

    private static string Describe(TimeSpan window) =>
        window == TimeSpan.FromMinutes(1) ? "minute"
        : window == TimeSpan.FromHours(1) ? "hour"
        : string.Create(CultureInfo.InvariantCulture, $"{window.TotalSeconds:0.###} s");
}

/// <summary>
/// The tool-call limits of every MCP endpoint (decision 0212): each tool call counts once per user and
/// once per OAuth client on the node-shared <see cref="IRateLimiter"/>, as reconciled limits (no
/// database round trip per call). The user's limit is checked first, so a user refused does not use
/// up the budget of everyone on the same client. An endpoint calls <see cref="CheckAsync(HttpContext)"/>
/// for each tool call (only tool calls count) and answers a refusal with HTTP 429, <c>Retry-After</c>
/// and its dialect's error (<see cref="WriteJsonRpcAsync"/> for JSON-RPC endpoints).
/// </summary>
public sealed class ToolCallRateLimiter
{
    public const string UserPolicyName = "mcp.tools.user";
    public const string ClientPolicyName = "mcp.tools.client";

    /// <summary>The JSON-RPC error code of a refusal (implementation-defined server error).</summary>
    public const int JsonRpcCode = -32000;

    private readonly RateLimitPolicy? _perUser;
    private readonly RateLimitPolicy? _perClient;
    private readonly TimeProvider _clock;

    private readonly PlatformMetrics _metrics;

    public ToolCallRateLimiter(IOptions<ToolCallLimits> options, TimeProvider clock, PlatformMetrics metrics)
    {
        _metrics = metrics;
        var limits = options.Value;
        _perUser = limits.PerUser > 0 ? new RateLimitPolicy(UserPolicyName, limits.PerUser, limits.Window, Reconciled: true) : null;
        _perClient = limits.PerClient > 0 ? new RateLimitPolicy(ClientPolicyName, limits.PerClient, limits.Window, Reconciled: true) : null;
        _clock = clock;
    }

    /// <summary>Counts a tool call of the request's principal (user id and <c>client_id</c> claims); null when it may run.</summary>
    public ValueTask<ToolCallRefusal?> CheckAsync(HttpContext context) =>
        CheckAsync(context.RequestServices.GetRequiredService<IRateLimiter>(), context.User, context.RequestAborted);

    /// <summary>Counts a tool call of <paramref name="user"/>; null when it may run.</summary>
    public ValueTask<ToolCallRefusal?> CheckAsync(IRateLimiter limiter, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        CheckAsync(limiter, user.FindFirst(PlatformClaims.UserId)?.Value, user.FindFirst("client_id")?.Value, cancellationToken);

    /// <summary>Counts a tool call under the given keys (either may be null: that limit does not apply); null when it may run.</summary>
    public async ValueTask<ToolCallRefusal?> CheckAsync(IRateLimiter limiter, string? userKey, string? clientKey, CancellationToken cancellationToken)
    {
        if (_perUser is not null && userKey is { Length: > 0 })
        {
            var result = await limiter.HitAsync(_perUser, userKey, cancellationToken);
            if (!result.Allowed)
            {
                _metrics.RateLimitRejected(UserPolicyName);
                return new ToolCallRefusal("user", _perUser.Limit, _perUser.Window, result.RetryAfter);
            }
        }

        if (_perClient is not null && clientKey is { Length: > 0 })
        {
            var result = await limiter.HitAsync(_perClient, clientKey, cancellationToken);
            if (!result.Allowed)
            {
                _metrics.RateLimitRejected(ClientPolicyName);
                return new ToolCallRefusal("client", _perClient.Limit, _perClient.Window, result.RetryAfter);
            }
        }

        return null;
    }

    /// <summary>
    /// The JSON-RPC answer to a refusal: HTTP 429 with <c>Retry-After</c>, error -32000 whose message
    /// says when to retry and whose data carries <c>retryAfter</c> (seconds) and the <c>scope</c> of the limit.
    /// </summary>
    public Task WriteJsonRpcAsync(HttpContext context, ToolCallRefusal refusal, string? idJson)
    {
        var seconds = refusal.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = seconds;
        return JsonRpcErrors.WriteAsync(context, JsonRpcCode, refusal.Message(_clock.GetUtcNow()), idJson,
            $$"""{"retryAfter":{{seconds}},"scope":"{{refusal.Scope}}"}""");
    }
}

/// <summary>Registration of the tool-call limits, for each MCP endpoint that uses them (idempotent).</summary>
public static class ToolCallLimitRegistration
{
    public static IServiceCollection AddToolCallLimits(this IServiceCollection services)
    {
        services.AddOptions<ToolCallLimits>().BindConfiguration(ToolCallLimits.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ToolCallLimits>, ToolCallLimitsValidator>());
        services.TryAddSingleton<ToolCallRateLimiter>();
        return services;
    }
}
