namespace Platform.Domain.Boards;

/// <summary>Project roles by rank: viewer &lt; contributor &lt; maintainer. <see cref="None"/> grants nothing.</summary>
public enum ProjectRole
{
    None = 0,
    Viewer = 1,
    Contributor = 2,
    Maintainer = 3,
}

/// <summary>
/// A user's membership of a project. <see cref="Role"/> is the stored text, which may be a legacy
/// value (<c>owner</c> ≈ maintainer, <c>editor</c> ≈ contributor) until the role is next changed.
/// </summary>
public sealed class ProjectMember
{
    public const int MaxRoleLength = 32;

    private ProjectMember()
    {
    }

    public int ProjectId { get; private set; }

    public int UserId { get; private set; }

    public string Role { get; private set; } = "";

    public DateTimeOffset CreatedAt { get; private set; }

    public ProjectRole Rank => ProjectRoles.RankOf(Role);

    public static ProjectMember Create(int projectId, int userId, ProjectRole role, DateTimeOffset now) =>
        new() { ProjectId = projectId, UserId = userId, Role = role.ToWire(), CreatedAt = now };

    /// <summary>
    /// Changes the role, keeping a maintainer on the project: nobody demotes themselves, and the
    /// last maintainer is not demoted. Returns false when the stored role already is <paramref name="role"/>.
    /// </summary>
    public bool ChangeRole(ProjectRole role, int actorUserId, int maintainerCount)
    {
        var wire = role.ToWire();
        if (string.Equals(Role, wire, StringComparison.Ordinal))
        {
            return false;
        }

        var demotion = role < ProjectRole.Maintainer;
        if (demotion && actorUserId == UserId)
        {
            throw BoardRuleErrors.SelfDemotion();
        }

        if (demotion && Rank == ProjectRole.Maintainer && maintainerCount <= 1)
        {
            throw BoardRuleErrors.LastMaintainerDemoted();
        }

        Role = wire;
        return true;
    }

    /// <summary>A project keeps at least one maintainer: removing the last one is refused.</summary>
    public void EnsureRemovable(int maintainerCount)
    {
        if (Rank == ProjectRole.Maintainer && maintainerCount <= 1)
        {
            throw BoardRuleErrors.LastMaintainerRemoved();
        }
    }
}

public static class ProjectRoles
{
    /// <summary>The rank of a stored role (case-insensitive; legacy names included; unknown ⇒ none).</summary>
    public static ProjectRole RankOf(string? stored) => (stored ?? "").Trim().ToLowerInvariant() switch
    {
        "maintainer" or "owner" => ProjectRole.Maintainer,
        "contributor" or "editor" => ProjectRole.Contributor,
        "viewer" => ProjectRole.Viewer,
        _ => ProjectRole.None,
    };

    /// <summary>How a stored role is shown: legacy <c>owner</c> ⇒ maintainer, <c>editor</c> ⇒ contributor; others unchanged.</summary>
    public static string Normalize(string stored) => stored.Trim().ToLowerInvariant() switch
    {
        "owner" => "maintainer",
        "editor" => "contributor",
        _ => stored,
    };

    /// <summary>True only for the stored role <c>maintainer</c> itself (todo create/delete/move and assignment need it).</summary>
    public static bool IsExactlyMaintainer(string? stored) =>
        string.Equals((stored ?? "").Trim(), "maintainer", StringComparison.OrdinalIgnoreCase);

    /// <summary>The roles that can be given: maintainer, contributor, viewer (trimmed, any case).</summary>
    public static bool TryParseAssignable(string? value, out ProjectRole role)
    {
        role = (value ?? "").Trim().ToLowerInvariant() switch
        {
            "maintainer" => ProjectRole.Maintainer,
            "contributor" => ProjectRole.Contributor,
            "viewer" => ProjectRole.Viewer,
            _ => ProjectRole.None,
        };
        return role != ProjectRole.None;
    }

    public static string ToWire(this ProjectRole role) => role switch
    {
        ProjectRole.Maintainer => "maintainer",
        ProjectRole.Contributor => "contributor",
        ProjectRole.Viewer => "viewer",
        _ => "",
    };
}
