using System.Diagnostics;

namespace Platform.Application.Common.Telemetry;

/// <summary>
/// The <see cref="ActivitySource"/> of Platform's own spans ("Platform", decision 0007): tool calls in every
/// dialect, and work that runs for several requests at once (the group commit of <c>todos.create</c>).
/// </summary>
public static class PlatformTracing
{
    public const string SourceName = "Platform";

    public static readonly ActivitySource Source = new(SourceName);
}
