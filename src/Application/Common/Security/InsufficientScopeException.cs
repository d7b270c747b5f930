using Platform.Domain.Common;

namespace Platform.Application.Common.Security;

/// <summary>A bearer token lacks the scope a request needs (translated to a 403 step-up challenge on /api/mcp).</summary>
public sealed class InsufficientScopeException(string scope)
    : PlatformException(ErrorCodes.Forbidden, $"insufficient scope: {scope} required", new Dictionary<string, object?> { ["scope"] = scope })
{
    public string Scope { get; } = scope;
}
