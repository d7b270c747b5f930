using Platform.Domain.Boards;

namespace Platform.Application.Boards.Common;

/// <summary>
/// A project as the caller may see it, with the caller's stored membership role. System roles
/// never grant project access: only a membership row does.
/// </summary>
public sealed record ProjectAccess(Project Project, int ActorUserId, string StoredRole)
{
    public ProjectRole Rank => ProjectRoles.RankOf(StoredRole);

    public int ProjectId => Project.Id;

    /// <summary>Sprint writes, project tag writes and member management: 403 below maintainer.</summary>
    public void RequireMaintainerOrHigher()
    {
        if (Rank < ProjectRole.Maintainer)
        {
            throw BoardErrors.NeedsMaintainerOrHigher();
        }
    }

    /// <summary>Todo writes: a viewer cannot write the project at all, which hides it (404).</summary>
    public void RequireWriteAccess()
    {
        if (Rank < ProjectRole.Contributor)
        {
            throw BoardErrors.NoProject();
        }
    }

    /// <summary>Todo create/delete/move and assignment need the stored role <c>maintainer</c> (403 otherwise).</summary>
    public void RequireExactlyMaintainer()
    {
        if (!ProjectRoles.IsExactlyMaintainer(StoredRole))
        {
            throw BoardErrors.NeedsMaintainerRole();
        }
    }
}

internal static class ProjectAccessResolver
{
    /// <summary>
    /// Resolves a caller-supplied slug (trimmed, lower-cased): not a valid slug ⇒ 400
    /// (<see cref="BoardErrors.InvalidSlug"/>); unknown project or no membership of at least viewer ⇒ 404.
    /// </summary>
    public static async Task<ProjectAccess> ResolveProjectAsync(this IBoardsDbContext db, string? slugInput, int actorUserId, CancellationToken ct)
    {
        var slug = ProjectSlug.Normalize(slugInput) ?? throw BoardRuleErrors.SlugInvalid();
        var found = await db.FindProjectWithRoleAsync(slug, actorUserId, ct);
        if (found is null || ProjectRoles.RankOf(found.Role) < ProjectRole.Viewer)
        {
            throw BoardErrors.NoProject();
        }

        return new ProjectAccess(found.Project, actorUserId, found.Role!);
    }
}
