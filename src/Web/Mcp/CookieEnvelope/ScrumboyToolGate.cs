using Platform.Application.Common.Interfaces;
using Platform.Application.Common.Security;
using Platform.Application.Identity.Directory;
using Platform.Domain.Common;
using Platform.Web.Mcp.Catalog;

namespace Platform.Web.Mcp.CookieEnvelope;

/// <summary>
/// Runs a tool of the Scrumboy dialect for any of its transports (the /mcp envelope today, a
/// JSON-RPC binding later): the per-tool gate first, then the tool's own handler.
/// </summary>
internal static class ScrumboyToolGate
{
    /// <summary>
    /// The gate of every tool that needs a user, checked before the input is even decoded:
    /// anonymous mode ⇒ 403 CAPABILITY_UNAVAILABLE, no user yet ⇒ 403 CAPABILITY_UNAVAILABLE,
    /// not signed in ⇒ 401 AUTH_REQUIRED.
    /// </summary>
    public static async Task EnsureUsableAsync(string toolName, IServiceProvider services, CancellationToken ct)
    {
        if (services.GetRequiredService<IServerSettings>().Mode == ServerMode.Anonymous)
        {
            throw new CapabilityUnavailableException($"{toolName} is unavailable in anonymous mode");
        }

        if (!await services.GetRequiredService<IUserDirectory>().IsBootstrappedAsync(ct))
        {
            throw new CapabilityUnavailableException($"{toolName} is unavailable before bootstrap");
        }

        if (!services.GetRequiredService<ICurrentUser>().IsAuthenticated)
        {
            throw new AuthRequiredException(ScrumboyTools.SignInRequired);
        }
    }

    public static async Task<ToolOutput> RunAsync(ToolDefinition tool, System.Text.Json.JsonElement? input, IServiceProvider services, CancellationToken ct)
    {
        if (tool.RequiresSignIn)
        {
            await EnsureUsableAsync(tool.Name, services, ct);
        }

        return await tool.Handler(new ToolContext(tool.Name, input, services, ct));
    }
}
