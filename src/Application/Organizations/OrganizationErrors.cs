using Platform.Domain.Common;

namespace Platform.Application.Organizations;

/// <summary>
/// The module's expected failures. Messages are neutral; each carries a stable <c>reason</c> (and
/// the id it is about) in its details so a dialect can word it its own way (the /api/mcp dialect
/// reproduces the original texts from these reasons).
/// </summary>
public static class OrganizationErrors
{
    public const string ReasonKey = "reason";
    public const string NoOrganization = "no_organization";
    public const string MultipleOrganizations = "multiple_organizations";
    public const string OrganizationNotAccessible = "organization_not_accessible";
    public const string TaskNotAccessible = "task_not_accessible";

    public static ValidationFailedException NotAMember() =>
        new("user is not a member of any organization", new Dictionary<string, object?>
        {
            ["field"] = "organizationId",
            [ReasonKey] = NoOrganization,
        });

    public static ValidationFailedException AmbiguousOrganization() =>
        new("organizationId is required: the user belongs to several organizations", new Dictionary<string, object?>
        {
            ["field"] = "organizationId",
            [ReasonKey] = MultipleOrganizations,
        });

    /// <summary>The organization does not exist or the user is not one of its members (indistinguishable on purpose).</summary>
    public static ForbiddenException NoAccessToOrganization(int organizationId) =>
        new("no access to this organization", new Dictionary<string, object?>
        {
            ["organizationId"] = organizationId,
            [ReasonKey] = OrganizationNotAccessible,
        });

    /// <summary>The task does not exist or lies in an organization the user is not a member of.</summary>
    public static NotFoundException TaskNotFound(int taskId) =>
        new("task not found", new Dictionary<string, object?>
        {
            ["taskId"] = taskId,
            [ReasonKey] = TaskNotAccessible,
        });

    /// <summary>Admin use cases: the organization id is unknown.</summary>
    public static NotFoundException OrganizationNotFound(int organizationId) =>
        new("organization not found", new Dictionary<string, object?> { ["organizationId"] = organizationId });

    /// <summary>Admin use cases: the user is not a member of the organization.</summary>
    public static NotFoundException MemberNotFound(int organizationId, int userId) =>
        new("member not found", new Dictionary<string, object?> { ["organizationId"] = organizationId, ["userId"] = userId });
}
