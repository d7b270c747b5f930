namespace Platform.Domain.Identity.OAuth;

/// <summary>
/// The scopes the authorization server grants, in their published order, with the plain
/// descriptions the consent page shows. <c>offline_access</c> only asks for a refresh token.
/// </summary>
public static class OAuthScopes
{
    public const string OrganizationsRead = "organizations:read";
    public const string TasksRead = "tasks:read";
    public const string TasksWrite = "tasks:write";
    public const string ProjectsRead = "projects:read";
    public const string ProjectsWrite = "projects:write";
    public const string OfflineAccess = "offline_access";

    /// <summary>
    /// Everything the server knows, as published in <c>scopes_supported</c>: /api/mcp's three, the
    /// board tools' two (decision 0106, an extension of oauth-mcp-contract.md §3) and offline_access.
    /// </summary>
    public static readonly IReadOnlyList<string> Supported = [OrganizationsRead, TasksRead, TasksWrite, ProjectsRead, ProjectsWrite, OfflineAccess];

    /// <summary>The scopes that grant access to the MCP resource /api/mcp (no offline_access).</summary>
    public static readonly IReadOnlyList<string> Resource = [OrganizationsRead, TasksRead, TasksWrite];

    /// <summary>The scopes that grant access to the board tools' resource (no offline_access).</summary>
    public static readonly IReadOnlyList<string> BoardsResource = [ProjectsRead, ProjectsWrite];

    public const int MaxLength = 200;

    public static string Describe(string scope) => scope switch
    {
        OrganizationsRead => "Read your organizations",
        TasksRead => "Read your tasks",
        TasksWrite => "Create and update tasks",
        ProjectsRead => "Read your projects and boards",
        ProjectsWrite => "Change todos, sprints, tags and members",
        OfflineAccess => "Stay connected without asking again",
        _ => scope,
    };

    /// <summary>What a protected resource holds, in the words of the consent page and the admin grant list.</summary>
    public static string DescribeResource(bool boards) => boards ? "your projects and boards" : "your organizations and tasks";

    public static bool IsSupported(string scope) => Supported.Contains(scope, StringComparer.Ordinal);

    /// <summary>
    /// Splits a space-separated scope string (RFC 6749 §3.3) into distinct names in the published
    /// order; false when a name is unknown or the string is malformed.
    /// </summary>
    public static bool TryParse(string? value, out IReadOnlyList<string> scopes, out string? unknown)
    {
        scopes = [];
        unknown = null;
        if (value is null)
        {
            return true;
        }

        if (value.Length > 1024)
        {
            unknown = value[..32] + "…";
            return false;
        }

        var names = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        foreach (var name in names)
        {
            if (!IsSupported(name))
            {
                unknown = name;
                return false;
            }
        }

        scopes = Normalize(names);
        return true;
    }

    /// <summary>Distinct, in the published order.</summary>
    public static IReadOnlyList<string> Normalize(IEnumerable<string> scopes)
    {
        var set = scopes.ToHashSet(StringComparer.Ordinal);
        return Supported.Where(set.Contains).ToArray();
    }

    public static string Format(IEnumerable<string> scopes) => string.Join(' ', Normalize(scopes));

    public static IReadOnlyList<string> Split(string stored) => Normalize(stored.Split(' ', StringSplitOptions.RemoveEmptyEntries));

    public static bool IsSubsetOf(IEnumerable<string> scopes, IEnumerable<string> of)
    {
        var set = of.ToHashSet(StringComparer.Ordinal);
        return scopes.All(set.Contains);
    }
}
