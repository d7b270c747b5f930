using Microsoft.Extensions.Options;

namespace Platform.Web.Mcp.RateLimiting;

/// <summary>
/// Tool-call rate limits of the MCP endpoints (decision 0212), section <c>Mcp:ToolCallLimits</c>
/// (environment: <c>Mcp__ToolCallLimits__PerUser</c>…): at most <see cref="PerUser"/> tool calls per
/// user and <see cref="PerClient"/> per OAuth client in any <see cref="Window"/>, for the whole
/// deployment (reconciled across nodes every second). 0 turns a limit off. The test suites and the
/// benchmark raise both explicitly (PlatformApp, build/bench).
/// </summary>
public sealed class ToolCallLimits
{
    public const string Section = "Mcp:ToolCallLimits";

    public int PerUser { get; set; } = 600;

    public int PerClient { get; set; } = 1200;

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>What is wrong with these settings, or null.</summary>
    public string? Problem() =>
        PerUser < 0 || PerClient < 0 ? $"{Section}: PerUser and PerClient must be 0 (off) or more."
        : Window < TimeSpan.FromSeconds(1) ? $"{Section}: Window must be at least one second (the limits are reconciled across nodes every second)."
        : null;
}

/// <summary>Refuses to start with unusable <see cref="ToolCallLimits"/>.</summary>
public sealed class ToolCallLimitsValidator : IValidateOptions<ToolCallLimits>
{
    public ValidateOptionsResult Validate(string? name, ToolCallLimits options) =>
        options.Problem() is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;
}
