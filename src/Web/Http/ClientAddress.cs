namespace Platform.Web.Http;

/// <summary>The client's IP address as the server sees it (after the forwarded-headers rules, when configured).</summary>
public static class ClientAddress
{
    public static string? Of(HttpContext context) => context.Connection.RemoteIpAddress?.ToString();
}
