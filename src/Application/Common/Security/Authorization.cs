using Platform.Domain.Identity;

namespace Platform.Application.Common.Security;

/// <summary>
/// Every MediatR request declares who may run it with exactly one of these attributes; the
/// <see cref="Behaviors.AuthorizationBehavior{TRequest,TResponse}"/> checks it for every transport,
/// and an architecture test fails the build of a request that declares nothing.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class AllowAnonymousAttribute : Attribute;

/// <summary>A signed-in user (session or bearer token); optionally with an OAuth scope and a system role.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class AuthorizeAttribute : Attribute
{
    /// <summary>The OAuth scope a bearer token must carry (session cookies carry every scope).</summary>
    public string? Scope { get; init; }

    /// <summary>System roles allowed; empty = any signed-in user.</summary>
    public SystemRole[] Roles { get; init; } = [];
}

/// <summary>Scope names shared by the catalog, the metadata documents and the authorization behavior.</summary>
public static class Scopes
{
    public const string OrganizationsRead = "organizations:read";
    public const string TasksRead = "tasks:read";
    public const string TasksWrite = "tasks:write";
    public const string ProjectsRead = "projects:read";
    public const string ProjectsWrite = "projects:write";
    public const string OfflineAccess = "offline_access";

    /// <summary>The scopes of /api/mcp (organizations and tasks).</summary>
    public static readonly IReadOnlyList<string> McpScopes = [OrganizationsRead, TasksRead, TasksWrite];

    /// <summary>The scopes of the board tools' resource (decision 0106): read-only tools and all others.</summary>
    public static readonly IReadOnlyList<string> BoardScopes = [ProjectsRead, ProjectsWrite];
}
