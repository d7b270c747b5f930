namespace Platform.Application.Common.Tools;

/// <summary>
/// Describes a request as an MCP tool, next to the request itself: its name, title, description and
/// behaviour hints. The input schema is generated from the request's members (their
/// <see cref="System.ComponentModel.DescriptionAttribute"/>, length and default attributes; a
/// constructor parameter without a default is required) and the scope comes from the request's
/// <see cref="Security.AuthorizeAttribute"/>, so a tool is described in exactly one place.
/// Every dialect (the OAuth JSON-RPC server, the cookie envelope) builds its catalog from these.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class ToolAttribute(string name, string description) : Attribute
{
    /// <summary>The tool's name on the wire (case-sensitive).</summary>
    public string Name { get; } = name;

    /// <summary>A short human title (MCP <c>title</c>); optional.</summary>
    public string? Title { get; init; }

    /// <summary>What the tool does, for the model that chooses it.</summary>
    public string Description { get; } = description;

    /// <summary>The tool never changes state (MCP <c>readOnlyHint</c>).</summary>
    public bool ReadOnly { get; init; }

    /// <summary>The tool may delete or overwrite data (MCP <c>destructiveHint</c>).</summary>
    public bool Destructive { get; init; }

    /// <summary>Calling the tool twice with the same arguments has no further effect (MCP <c>idempotentHint</c>).</summary>
    public bool Idempotent { get; init; }
}
