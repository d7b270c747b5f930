using System.Text.Json.Serialization;
using Platform.Application.Boards.Common;
using Platform.Domain.Boards;
using Platform.Domain.Identity;
using Platform.Web.Http;

namespace Platform.Web.Mcp.CookieEnvelope;

/// <summary>
/// The dialect's output shapes, fields in the order Scrumboy emits them. <c>projectSlug</c> in
/// outputs echoes the caller's input string (not the canonical slug), except in projects.list.
/// </summary>
internal static class ScrumboyWire
{
    public sealed record ProjectItem(
        string ProjectSlug, int ProjectId, string Name, string? Image, string DominantColor, int DefaultSprintWeeks,
        string? ExpiresAt, string CreatedAt, string UpdatedAt,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Role);

    public sealed record TodoItem(
        string ProjectSlug, int LocalId, string Title, string Body, string ColumnKey, IReadOnlyList<string>? Tags,
        int? EstimationPoints, int? AssigneeUserId, int? SprintId, string CreatedAt, string UpdatedAt, string? DoneAt);

    public sealed record TodoSearchItem(string ProjectSlug, int LocalId, string Title);

    public sealed record SprintItem(
        string ProjectSlug, int SprintId, int Number, string Name, long PlannedStartAt, long PlannedEndAt,
        long? StartedAt, long? ClosedAt, string State, int? TodoCount);

    public sealed record ProjectTagItem(int TagId, string Name, int Count, string? Color, bool CanDelete);

    public sealed record MineTagItem(int TagId, string Name, string? Color, bool CanDelete);

    public sealed record MemberItem(
        string ProjectSlug, int UserId, string Email, string Name,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Image,
        string Role, string CreatedAt);

    public sealed record AvailableUserItem(int UserId, string Email, string Name, string SystemRole, bool IsBootstrap, string CreatedAt);

    public sealed record BoardProject(
        string ProjectSlug, string Name,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Role);

    public sealed record BoardColumn(string Key, string Name, bool IsDone, IReadOnlyList<TodoItem> Items);

    public static ProjectItem Project(ProjectDto p) =>
        new(p.Slug, p.Id, p.Name, p.Image, p.DominantColor, p.DefaultSprintWeeks, WireJson.Timestamp(p.ExpiresAt),
            WireJson.Timestamp(p.CreatedAt), WireJson.Timestamp(p.UpdatedAt), string.IsNullOrEmpty(p.Role) ? null : p.Role);

    public static TodoItem Todo(string projectSlug, TodoDto t) =>
        new(projectSlug, t.LocalId, t.Title, t.Body, t.ColumnKey, t.Tags, t.EstimationPoints, t.AssigneeUserId, t.SprintId,
            WireJson.Timestamp(t.CreatedAt), WireJson.Timestamp(t.UpdatedAt), WireJson.Timestamp(t.DoneAt));

    public static SprintItem Sprint(string projectSlug, SprintDto s) =>
        new(projectSlug, s.Id, s.Number, s.Name, UnixMs.From(s.PlannedStartAt), UnixMs.From(s.PlannedEndAt),
            UnixMs.From(s.StartedAt), UnixMs.From(s.ClosedAt), s.State.ToWire(), s.TodoCount);

    public static ProjectTagItem ProjectTag(ProjectTagDto t) => new(t.TagId, t.Name, t.Count, t.Color, t.CanDelete);

    public static MineTagItem MineTag(MineTagDto t) => new(t.TagId, t.Name, t.Color, t.CanDelete);

    public static MemberItem Member(string projectSlug, MemberDto m) =>
        new(projectSlug, m.UserId, m.Email, m.Name, m.Image, m.Role, WireJson.Timestamp(m.CreatedAt));

    public static AvailableUserItem AvailableUser(AvailableUserDto u) =>
        new(u.UserId, u.Email, u.Name, u.SystemRole.ToWire(), u.IsBootstrap, WireJson.Timestamp(u.CreatedAt));
}
