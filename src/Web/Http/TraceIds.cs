using System.Diagnostics;

namespace Platform.Web.Http;

/// <summary>The trace id every error body and log line of a request carries (W3C trace id, else the connection's request id).</summary>
public static class TraceIds
{
    public static string Of(HttpContext context) => Activity.Current?.TraceId.ToString() ?? context.TraceIdentifier;
}
